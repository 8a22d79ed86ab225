//! The load-test target of `cargo xtask bench-tower`: the receiver's handler
//! with the layer on port `PORT`, without it on `PORT + 1`, and verifying
//! inside the handler (the floor: the core's check and nothing else) on
//! `PORT + 2`, all on one tokio runtime of `WORKERS` threads (default 1), so
//! that they answer on the same machine state.
//!
//! Not a receiver to deploy: the second port accepts unsigned requests.

use std::process::ExitCode;

extern crate alloc;

use alloc::sync::Arc;

use axum_receiver::{app, inline_app, port_from_env, ring_from_env, unverified_app};
use webhook_tower::VerifyWebhookLayer;

fn main() -> ExitCode {
    let workers = std::env::var("WORKERS")
        .ok()
        .and_then(|text| text.parse::<usize>().ok())
        .unwrap_or(1);
    let settings = ring_from_env().and_then(|ring| Ok((Arc::new(ring), port_from_env(8080)?)));
    let (ring, port) = match settings {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("bench-server: {message}");
            return ExitCode::from(2);
        }
    };

    let served = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .and_then(|runtime| {
            runtime.block_on(async move {
                let verified = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
                let plain = tokio::net::TcpListener::bind(("127.0.0.1", port + 1)).await?;
                let inline = tokio::net::TcpListener::bind(("127.0.0.1", port + 2)).await?;
                println!(
                    "verified on {port}, unverified on {}, verified in the handler on {}",
                    port + 1,
                    port + 2
                );
                // All three run as spawned tasks, alike: `block_on` itself
                // runs on the main thread, not the worker, and only waits.
                let servers = [
                    tokio::spawn(
                        axum::serve(verified, app(VerifyWebhookLayer::new(Arc::clone(&ring))))
                            .into_future(),
                    ),
                    tokio::spawn(axum::serve(plain, unverified_app()).into_future()),
                    tokio::spawn(axum::serve(inline, inline_app(ring)).into_future()),
                ];
                for server in servers {
                    server.await.map_err(std::io::Error::other)??;
                }
                Ok(())
            })
        });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("bench-server: {err}");
            ExitCode::FAILURE
        }
    }
}
