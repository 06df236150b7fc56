//! The app and the command share one database: started at the same moment on a brand-new data
//! folder, both open and migrate it (issue 11; two programs migrating at once both read
//! version 0 and one failed with "table profiles already exists").

use crate::common::{output, Env};

const ROUNDS: usize = 20;

#[test]
fn two_commands_started_together_on_a_new_database_both_succeed() {
    for _ in 0..ROUNDS {
        let env = Env::start();
        let both = [
            env.spawn(&["profile", "list"]),
            env.spawn(&["profile", "list"]),
        ];
        for run in both {
            output(run.wait_with_output().unwrap()).expect(0);
        }
    }
}

#[test]
fn the_command_and_the_app_opening_a_new_database_at_once_both_succeed() {
    for round in 0..ROUNDS {
        let env = Env::start();
        let command = env.spawn(&["profile", "list"]);
        // The app's door: the engine opened in this process.
        let app = cachedesk_engine::Engine::open(env.data_dir());
        output(command.wait_with_output().unwrap()).expect(0);
        assert!(app.is_ok(), "round {round}: {:?}", app.err());
    }
}
