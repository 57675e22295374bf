module example.com/redirector

go 1.22
