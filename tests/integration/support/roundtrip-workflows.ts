// A test-only workflow: asks an activity to write a row to PostgreSQL and read it back.
import { proxyActivities } from '@temporalio/workflow';
import type { createRoundTripActivities } from './roundtrip-activities';

const { writeMarker, readMarker } = proxyActivities<ReturnType<typeof createRoundTripActivities>>({
  startToCloseTimeout: '10 seconds',
});

export async function roundTrip(marker: string): Promise<{ written: string; readBack: string | null }> {
  const written = await writeMarker(marker);
  const readBack = await readMarker(written);
  return { written, readBack };
}
