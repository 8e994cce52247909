/**
 * DT-02: what staff weigh on a late-shipment claim besides the files attached to it — the agreed date
 * of the version both confirmed (PO-05), and the shipment as the supplier recorded it (ORD-03): date,
 * carrier, tracking number, customs export data when available, and how many days late it was.
 */
import type { OrderState, Shipment } from "../orders/order-state.js";
import type { LocalDate } from "../shared/time.js";

export interface ShippingEvidence {
  readonly agreedShippingDate?: LocalDate;
  readonly shipment?: Pick<Shipment, "shippedOn" | "carrier" | "trackingNumber" | "customsExport" | "daysLate" | "recordedAt">;
  readonly customsClearedOn?: LocalDate;
}

export function shippingEvidence(order: OrderState): ShippingEvidence {
  const s = order.shipment;
  return {
    ...(order.confirmedTerms ? { agreedShippingDate: order.confirmedTerms.shippingDate } : {}),
    ...(s
      ? {
          shipment: {
            shippedOn: s.shippedOn,
            carrier: s.carrier,
            trackingNumber: s.trackingNumber,
            daysLate: s.daysLate,
            recordedAt: s.recordedAt,
            ...(s.customsExport ? { customsExport: s.customsExport } : {}),
          },
        }
      : {}),
    ...(order.customsClearedOn !== undefined ? { customsClearedOn: order.customsClearedOn } : {}),
  };
}
