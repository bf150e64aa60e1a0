# FakeAI container: a Deno image compiles the single executable (`deno task compile`); the final
# image is distroless (no shell, no curl) and runs it as the nonroot user (uid 65532).
#   docker build -t fakeai:latest .
#   docker run -d -p 8000:8000 --name fakeai-server fakeai:latest
#   docker run -d -p 8000:8000 -e FAKEAI_RESPONSE_DELAY=0.5 -v fakeai-data:/var/lib/fakeai \
#     -e FAKEAI_METRICS_PERSISTENCE_ENABLED=true fakeai:latest
# The build needs the network (npm packages, and the denort runtime that `deno compile` fetches).

FROM denoland/deno:2.9.6 AS build
WORKDIR /src
# Dependencies first, in their own layer: code changes do not download them again.
COPY deno.json deno.lock ./
RUN deno install --frozen
COPY main.ts ./
COPY src ./src
# The compile task's script: the flags, and one line on what to do when denort cannot be fetched.
COPY scripts/compile.ts ./scripts/
RUN deno task compile && ./dist/fakeai --version
# The final image has no shell to create directories: make the writable ones here.
RUN mkdir -p /out/var/lib/fakeai /out/var/log/fakeai

FROM gcr.io/distroless/cc-debian12:nonroot
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="FakeAI" \
      org.opencontainers.image.description="OpenAI-compatible simulated LLM inference server" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.base.name="gcr.io/distroless/cc-debian12:nonroot"
COPY --from=build /src/dist/fakeai /fakeai
# Metrics database (FAKEAI_METRICS_DB_PATH default /var/lib/fakeai/metrics.db), uploaded files
# (e.g. FAKEAI_FILES_DIR=/var/lib/fakeai/files) and an optional FAKEAI_LOG_FILE under
# /var/log/fakeai, all writable by nonroot. A named volume takes over this ownership.
COPY --from=build --chown=65532:65532 /out/var/lib/fakeai /var/lib/fakeai
COPY --from=build --chown=65532:65532 /out/var/log/fakeai /var/log/fakeai
# Only what the container itself requires: every other setting keeps its built-in default, so a
# mounted config file (FAKEAI_CONFIG) is not overridden by variables baked into the image.
ENV FAKEAI_HOST=0.0.0.0 \
    FAKEAI_PORT=8000
USER nonroot
VOLUME ["/var/lib/fakeai"]
EXPOSE 8000
# No curl in distroless: the binary checks itself (GET http://127.0.0.1:$FAKEAI_PORT/health).
HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3 \
  CMD ["/fakeai", "healthcheck"]
ENTRYPOINT ["/fakeai"]
# One isolate per CPU the container may use (its CPU limit, when it has one).
CMD ["server", "--host", "0.0.0.0", "--workers", "auto"]
