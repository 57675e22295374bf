FROM mcr.microsoft.com/dotnet/sdk:8.0

WORKDIR /src
COPY Orders.Api.csproj .
RUN dotnet restore
COPY . .
RUN dotnet publish -c Release --no-restore

WORKDIR /src/bin/Release/net8.0/publish
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "Orders.Api.dll"]
