/* Counts visits in an in-memory SQLite database and answers each HTTP
 * request with the count so far. */
#include <netinet/in.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static sqlite3 *db;

static long record_visit(void)
{
	sqlite3_stmt *st;
	long n = -1;
	sqlite3_exec(db, "INSERT INTO visits DEFAULT VALUES", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM visits", -1, &st,
			       NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int main(void)
{
	struct sockaddr_in addr = {.sin_family = AF_INET,
				   .sin_port = htons(8082),
				   .sin_addr.s_addr = htonl(INADDR_ANY)};
	int one = 1, srv = socket(AF_INET, SOCK_STREAM, 0);
	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE TABLE visits (id INTEGER PRIMARY KEY)",
			 NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "visits: cannot open the database\n");
		return 1;
	}
	setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (srv < 0 || bind(srv, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(srv, 16)) {
		perror("visits");
		return 1;
	}
	printf("visits listening on 8082 (sqlite %s)\n", sqlite3_libversion());
	fflush(stdout);
	for (;;) {
		char req[2048], body[128], head[256];
		int c = accept(srv, NULL, NULL);
		if (c < 0)
			continue;
		(void)read(c, req, sizeof(req));
		int bl = snprintf(body, sizeof(body), "visits: %ld (sqlite %s)\n",
				  record_visit(), sqlite3_libversion());
		int hl = snprintf(head, sizeof(head),
				  "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
				  "Content-Length: %d\r\nConnection: close\r\n\r\n",
				  bl);
		(void)write(c, head, (size_t)hl);
		(void)write(c, body, (size_t)bl);
		close(c);
	}
}
