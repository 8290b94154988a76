module github.com/kqlhunt/kqlhunt

go 1.26.8
