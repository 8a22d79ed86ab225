//! The load-test target of `cargo xtask bench-tower`: the receiver's handler
//! with the layer on port `PORT` and without it on `PORT + 1`, both on one
//! tokio runtime of `WORKERS` threads (default 1), so that the two answer on
//! the same machine state.
//!
//! Not a receiver to deploy: the second port accepts unsigned requests.

use std::process::ExitCode;

use axum_receiver::{app, layer_from_env, port_from_env, unverified_app};

fn main() -> ExitCode {
    let workers = std::env::var("WORKERS")
        .ok()
        .and_then(|text| text.parse::<usize>().ok())
        .unwrap_or(1);
    let settings = layer_from_env().and_then(|layer| Ok((layer, port_from_env(8080)?)));
    let (layer, port) = match settings {
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
                println!("verified on {port}, unverified on {}", port + 1);
                let plain = tokio::spawn(async move { axum::serve(plain, unverified_app()).await });
                axum::serve(verified, app(layer)).await?;
                plain.await.map_err(std::io::Error::other)?
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
