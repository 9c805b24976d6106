// The keys and paths backup and restore take from the configuration (CONCORD_SECRET_KEY, AUDIT_PREVIOUS_KEYS,
// DATABASE_PATH, AUDIT_CHECKPOINT_PATH, BACKUP_DIR, BACKUP_KEEP), so the commands and the scheduled job agree.
import { configuredCheckpointKeys } from "~/access/audit-checkpoints.server";
import { configuredChainKeys } from "~/access/audit.server";
import { getConfig } from "~/config.server";

export function operationsConfig() {
  const config = getConfig();
  return {
    databasePath: config.databasePath,
    checkpointFile: config.auditCheckpointPath,
    backupDir: config.backupDir,
    backupKeep: config.backupKeep,
    secretKey: config.secretKey,
    previousSecretKeys: config.previousSecretKeys,
    chainKeys: configuredChainKeys(),
    checkpointKeys: configuredCheckpointKeys(),
  };
}
