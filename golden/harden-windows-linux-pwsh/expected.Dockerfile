FROM mcr.microsoft.com/powershell:7.4-ubuntu-22.04
SHELL ["pwsh", "-Command"]
RUN Install-Module -Name Az.Accounts -Force -Scope AllUsers
USER 10001:10001
COPY scripts/ /scripts/
ENTRYPOINT ["pwsh", "-File", "/scripts/rotate-keys.ps1"]
