//! A path as a member types or pastes it: Windows' "Copy as path" wraps it in double quotes,
//! a file dragged into a Linux or macOS terminal arrives in single quotes, and `~` is typed
//! for the home folder. Shared by the command line and the app's install panel.

use std::path::{Path, PathBuf};

/// The path meant by `text`: surrounding spaces and one pair of matching quotes removed,
/// and a leading `~` (alone, or before `/` or `\`) read as the home folder.
pub fn typed_path(text: &str) -> PathBuf {
    let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
    typed_path_from(text, home.as_deref())
}

fn typed_path_from(text: &str, home: Option<&Path>) -> PathBuf {
    let mut text = text.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
            text = inner.trim();
            break;
        }
    }
    if let Some(home) = home {
        if text == "~" {
            return home.to_path_buf();
        }
        if let Some(rest) = text.strip_prefix("~/").or_else(|| text.strip_prefix("~\\")) {
            return home.join(rest);
        }
    }
    PathBuf::from(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_spaces_and_the_home_folder_are_read_as_meant() {
        let home = Path::new("/home/sam");
        let cases: &[(&str, PathBuf)] = &[
            (r#""C:\Users\Sam\Downloads\police-request.yaml""#, r"C:\Users\Sam\Downloads\police-request.yaml".into()),
            (
                r#"  "C:\Users\Sam Patel\My Files\police-request.yaml"  "#,
                r"C:\Users\Sam Patel\My Files\police-request.yaml".into(),
            ),
            ("C:/Users/Sam/Downloads/police-request.yaml", "C:/Users/Sam/Downloads/police-request.yaml".into()),
            ("'/home/sam/My Downloads/police-request.yaml' ", "/home/sam/My Downloads/police-request.yaml".into()),
            ("~/Downloads/police-request.yaml", "/home/sam/Downloads/police-request.yaml".into()),
            (r"~\Downloads\police-request.yaml", Path::new("/home/sam").join(r"Downloads\police-request.yaml")),
            ("~", "/home/sam".into()),
            // Not a home folder, and quotes that do not pair, are left as they are.
            ("~sam/x.yaml", "~sam/x.yaml".into()),
            ("\"half.yaml", "\"half.yaml".into()),
            ("'mixed.yaml\"", "'mixed.yaml\"".into()),
            ("Sam's file.yaml", "Sam's file.yaml".into()),
        ];
        for (typed, meant) in cases {
            assert_eq!(&typed_path_from(typed, Some(home)), meant, "{typed}");
        }
        assert_eq!(typed_path_from("~/x.yaml", None), PathBuf::from("~/x.yaml"), "no home folder known");
    }
}
