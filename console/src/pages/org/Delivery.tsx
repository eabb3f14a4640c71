import { EmailDelivery } from './EmailDelivery';
import { SmsDelivery } from './SmsDelivery';

/** The organization's own email and SMS delivery, for those who may change its settings. */
export function Delivery() {
  return (
    <>
      <EmailDelivery />
      <SmsDelivery />
    </>
  );
}
