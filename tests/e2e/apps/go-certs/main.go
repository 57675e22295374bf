// Billing webhook relay: refuses to start without a CA bundle, because it
// calls payment providers over TLS, and stamps times in the office zone.
package main

import (
	"crypto/x509"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"
)

func main() {
	pool, err := x509.SystemCertPool()
	if err != nil || len(pool.Subjects()) == 0 { //nolint:staticcheck
		log.Fatalf("no system CA certificates: %v", err)
	}
	zone := os.Getenv("TZ")
	loc, err := time.LoadLocation(zone)
	if err != nil {
		log.Fatalf("time zone %q: %v", zone, err)
	}
	n := len(pool.Subjects()) //nolint:staticcheck
	http.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "billing ready cas=%d zone=%s now=%s\n", n, loc, time.Now().In(loc).Format(time.RFC3339))
	})
	log.Fatal(http.ListenAndServe(":9000", nil))
}
