FROM registry.example.com/base/iis:2022
WORKDIR C:/inetpub/wwwroot
COPY site/ .
EXPOSE 80
