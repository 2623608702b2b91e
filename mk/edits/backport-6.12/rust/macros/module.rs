// rsc-edit: after ^            "author",$
            "authors",
// rsc-edit: after ^    author: Option<String>,$
    // Linux 7.2's `authors: [...]`.
    authors: Option<Vec<String>>,
// rsc-edit: after ^                "author" => info.author = Some
                "authors" => info.authors = Some(expect_string_array(it)),
// rsc-edit: after-block ^    if let Some\(author\) = info.author \{
    if let Some(authors) = info.authors {
        for author in authors {
            modinfo.emit("author", &author);
        }
    }
