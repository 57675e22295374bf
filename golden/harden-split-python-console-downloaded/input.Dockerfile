FROM python:3.12-alpine3.20

WORKDIR /work
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
# the helper is a prebuilt binary, not a pip package
RUN wget -q -O /usr/local/bin/reportgen https://example.com/reportgen \
	&& chmod +x /usr/local/bin/reportgen
COPY . .
ENTRYPOINT ["reportgen"]
