// Inventory API: a tiny JSON service kept in memory.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"
	"sync"
)

type store struct {
	mu    sync.Mutex
	items map[string]int
}

func (s *store) list(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"service": "inventory", "items": s.items})
}

func main() {
	s := &store{items: map[string]int{"bolts": 120, "nuts": 80}}
	addr := os.Getenv("LISTEN_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	http.HandleFunc("/items", s.list)
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	log.Printf("inventory listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, nil))
}
