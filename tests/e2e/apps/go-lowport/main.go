// Redirector: answers on port 80 and sends old links to the new site.
package main

import (
	"fmt"
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "moved: https://new.example.com%s\n", r.URL.Path)
	})
	log.Fatal(http.ListenAndServe(":80", nil))
}
