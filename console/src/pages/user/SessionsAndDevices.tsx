import { DevicesSection } from './Devices';
import { SessionsSection } from './Sessions';

/** The user's sessions and devices, one element on the user page. */
export function SessionsAndDevices({ userId, username }: { userId: string; username: string }) {
  return (
    <>
      <SessionsSection userId={userId} username={username} />
      <DevicesSection userId={userId} username={username} />
    </>
  );
}
