// Ledger service: double-entry bookkeeping API.
module github.com/acme-finance/ledger/v3

go 1.22

require (
	github.com/go-chi/chi/v5 v5.0.12
	github.com/jackc/pgx/v5 v5.5.5
)
