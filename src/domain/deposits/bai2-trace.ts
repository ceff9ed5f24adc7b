// Where an EFT's trace number sits in a bank's report. A CCD+ payment that follows CAQH CORE 370
// carries the 835's TRN segment in its addenda ("TRN*1*<trace>*<payer id>\"), which banks pass on
// in the BAI2 detail's text; failing that, banks put the originator's reference (which payers set
// to the trace) in the customer reference field.

const TRN_SEGMENT = /TRN\*1\*([^*~\\\s]+)/i;

export function traceFromBai2(text: string | null, customerReference: string | null): string | null {
  const inText = text ? TRN_SEGMENT.exec(text) : null;
  if (inText) return inText[1];
  return customerReference || null;
}
