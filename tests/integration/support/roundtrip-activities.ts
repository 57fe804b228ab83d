import { activityInfo } from '@temporalio/activity';
import type postgres from 'postgres';

/** Writes into a scratch table of the test database and reads back from it. */
export function createRoundTripActivities(sql: postgres.Sql) {
  return {
    async writeMarker(marker: string): Promise<string> {
      await sql`create table if not exists roundtrip_markers (id text primary key, workflow_id text not null)`;
      const workflowId = activityInfo().workflowExecution?.workflowId ?? 'unknown';
      const id = `${marker}:${workflowId}`;
      await sql`insert into roundtrip_markers (id, workflow_id) values (${id}, ${workflowId})`;
      return id;
    },
    async readMarker(id: string): Promise<string | null> {
      const rows = await sql<{ id: string }[]>`select id from roundtrip_markers where id = ${id}`;
      return rows[0]?.id ?? null;
    },
  };
}
