# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022

SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN Invoke-WebRequest -Uri https://example.com/agent.msi -OutFile C:\agent.msi ; `
    Start-Process msiexec.exe -ArgumentList '/i', 'C:\agent.msi', '/quiet' -Wait ; `
    Remove-Item C:\agent.msi
WORKDIR C:\app
COPY bin/ C:/app/
EXPOSE 80
CMD ["C:\\app\\agent.exe"]
