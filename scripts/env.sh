# Sourced by the scripts: puts cargo on PATH and names the built extension.
export PATH="$HOME/.cargo/bin:$PATH"
PROFILE="${PROFILE:-release}"
export ASYNC_EVENTS_EXTENSION="${CARGO_TARGET_DIR:-$PWD/target}/$PROFILE/libasync_events.so"
build_extension() {
    if [ "$PROFILE" = release ]; then cargo build --release -p async_events; else cargo build -p async_events; fi
}
