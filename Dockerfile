# syntax=docker/dockerfile:1
#
# ResilienceLab image: the replica host `reslab-worker` (the entry point, what the k8s/ Deployment runs) and the
# `reslab` CLI (what the k8s/ Job runs, with --entrypoint or command: [reslab, ...]).
#
#   docker build -t resiliencelab/reslab:dev .
#   docker run --rm -e POD_NAME=w-1 -e RESLAB_Store__Endpoints=http://etcd:2379 resiliencelab/reslab:dev
#   docker run --rm --entrypoint reslab -v "$PWD/chaos-plans:/plans" resiliencelab/reslab:dev validate /plans/lock-expiry-takeover.yaml
#
# Tested offline by tests/ResilienceLab.Kubernetes.Tests/Deployment/DockerfileTests.cs (stages, non-root user,
# the published projects exist); see docs/kubernetes.md.

ARG DOTNET_VERSION=10.0

# ---- build: the SDK restores, builds with the repository's analyzers and warnings-as-errors, and publishes ----
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY eng/ eng/
COPY src/ src/
# The NuGet cache survives between builds (BuildKit cache mount), so only changed packages are downloaded.
RUN --mount=type=cache,id=reslab-nuget,target=/root/.nuget/packages \
    dotnet publish src/ResilienceLab.Worker/ResilienceLab.Worker.csproj -c Release -o /out/worker \
 && dotnet publish src/ResilienceLab.Cli/ResilienceLab.Cli.csproj -c Release -o /out/reslab

# ---- runtime: the ASP.NET Core runtime (the worker's health endpoint is Kestrel), no SDK, non-root ----
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /out/worker /app/worker
COPY --from=build /out/reslab /app/reslab
RUN ln -s /app/worker/reslab-worker /usr/local/bin/reslab-worker \
 && ln -s /app/reslab/reslab /usr/local/bin/reslab
# A worker in a container prints its history on stdout, where `reslab run` collects it through the pod log API,
# and keeps a ready file in the container's own writable layer while it is ready (for `docker run` health checks
# and exec probes; k8s/ probes its HTTP endpoint, RESLAB_Health__Port, instead).
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    RESLAB_Replica__HistoryPath=/dev/stdout \
    RESLAB_Replica__ReadyFile=/tmp/reslab-ready
# 1654 is the "app" user the .NET images create ($APP_UID); numeric so that Kubernetes' runAsNonRoot can verify it.
USER 1654
ENTRYPOINT ["/app/worker/reslab-worker"]
