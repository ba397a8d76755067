//! Laying out a text box: the text wrapped at spaces to the box's width in display
//! columns (so CJK and emoji take two), line breaks kept, and where the cursor falls.

use unicode_width::UnicodeWidthChar;

/// The rows to draw, and the cursor as (row, column), for `text` with the cursor
/// before its `cursor`-th character, in a box `width` columns wide.
pub fn layout(text: &str, cursor: usize, width: usize) -> (Vec<String>, (usize, usize)) {
    let width = width.max(2);
    let chars: Vec<char> = text.chars().collect();
    // Each row holds (index in `chars`, char); '\n' ends a row and is not drawn.
    let mut rows: Vec<Vec<(usize, char)>> = vec![Vec::new()];
    // Where each line break sits: (its index, the row it ends, the column it is at).
    let mut breaks: Vec<(usize, usize, usize)> = Vec::new();
    let mut used = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            breaks.push((i, rows.len() - 1, used));
            rows.push(Vec::new());
            used = 0;
            continue;
        }
        let w = UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            let row = rows.last_mut().map(std::mem::take).unwrap_or_default();
            // Break after the last space, so a word moves down whole; else mid-word.
            let (keep, carry) = match row.iter().rposition(|(_, ch)| *ch == ' ') {
                Some(space) if space + 1 < row.len() || c != ' ' => {
                    let (a, b) = row.split_at(space + 1);
                    (a.to_vec(), b.to_vec())
                }
                _ => (row, Vec::new()),
            };
            if let Some(last) = rows.last_mut() {
                *last = keep;
            }
            used = carry.iter().map(|(_, ch)| UnicodeWidthChar::width(*ch).unwrap_or(0)).sum();
            rows.push(carry);
        }
        if let Some(row) = rows.last_mut() {
            row.push((i, c));
        }
        used += w;
    }
    let position = |row: usize, upto: usize| -> usize {
        rows[row].iter().take(upto).map(|(_, ch)| UnicodeWidthChar::width(*ch).unwrap_or(0)).sum()
    };
    let at = rows
        .iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|(i, _)| *i >= cursor).map(|k| (r, position(r, k))));
    let at = at.unwrap_or_else(|| {
        // At the end: after the last row's text, or at the start of the next row when full.
        let r = rows.len() - 1;
        let col = position(r, rows[r].len());
        if col >= width { (r + 1, 0) } else { (r, col) }
    });
    // A cursor on a line break's place: the end of the row the break ends.
    let at = breaks.iter().find(|(i, _, _)| *i == cursor).map_or(at, |(_, row, col)| (*row, *col));
    let lines = rows.into_iter().map(|r| r.into_iter().map(|(_, c)| c).collect()).collect();
    (lines, at)
}

#[cfg(test)]
mod tests {
    use super::layout;

    #[test]
    fn words_move_down_whole_and_the_cursor_follows() {
        let (rows, at) = layout("the clips from today", 9, 10);
        assert_eq!(rows, ["the clips ", "from today"]);
        assert_eq!(at, (0, 9), "after `clips`");
        let (_, at) = layout("the clips from today", 20, 10);
        assert_eq!(at, (2, 0), "at the end of a full row: the next row");
    }

    #[test]
    fn wide_characters_take_two_columns_for_the_cursor() {
        let (rows, at) = layout("数据保护 ok", 4, 20);
        assert_eq!(rows, ["数据保护 ok"]);
        assert_eq!(at, (0, 8), "four wide characters are eight columns");
        let (rows, _) = layout("数据保护法", 0, 4);
        assert_eq!(rows, ["数据", "保护", "法"]);
    }

    #[test]
    fn line_breaks_start_new_rows() {
        let (rows, at) = layout("one\ntwo", 7, 10);
        assert_eq!(rows, ["one", "two"]);
        assert_eq!(at, (1, 3));
        let (_, at) = layout("one\ntwo", 3, 10);
        assert_eq!(at, (0, 3), "on the break: the end of the first row");
    }
}
