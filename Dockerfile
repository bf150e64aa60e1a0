# FakeAI container: a Deno image compiles the single executable; the final image is distroless.
# Build: docker build -t fakeai:latest .    Run: docker run -p 8000:8000 fakeai:latest
FROM denoland/deno:2.9.6 AS build
WORKDIR /src
COPY deno.json deno.lock ./
COPY main.ts ./
COPY src ./src
RUN deno install --frozen --entrypoint main.ts
RUN deno task compile

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/dist/fakeai /fakeai
ENV FAKEAI_HOST=0.0.0.0 \
    FAKEAI_PORT=8000
USER nonroot
EXPOSE 8000
ENTRYPOINT ["/fakeai"]
CMD ["server", "--host", "0.0.0.0"]
