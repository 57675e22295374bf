/* Status responder for the load balancer: answers every request with the
 * build string, one connection at a time. */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	int one = 1, s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(8081) };
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 16)) {
		perror("listen");
		return 1;
	}
	fprintf(stderr, "lb-status on 8081\n");
	for (;;) {
		char req[2048];
		int c = accept(s, NULL, NULL);
		if (c < 0)
			continue;
		(void)read(c, req, sizeof req);
		const char *body = "lb-status: healthy\n";
		char resp[256];
		int n = snprintf(resp, sizeof resp,
			"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
			"Content-Length: %zu\r\n\r\n%s", strlen(body), body);
		(void)write(c, resp, (size_t)n);
		close(c);
	}
}
