// A Severa integration as Node integrators write it: node-soap on the served WSDL, the API key in a
// WebServicePassword SOAP header. Prints one JSON object of what it saw; the pytest test asserts it.
// Usage: node severa_flow.js <wsdl-url> <api-key>
'use strict';

const soap = require('soap');

const [wsdl, key] = process.argv.slice(2);
const ENTITIES = 'http://schemas.datacontract.org/2004/07/Severa.Entities.API';

function fault(error) {
  const body = error.root && error.root.Envelope && error.root.Envelope.Body;
  const found = body && body.Fault;
  if (!found) throw error;
  const detail = found.detail || null;
  const typed = detail && Object.keys(detail).find((name) => name !== 'attributes');
  return {
    status: error.response && error.response.status,
    faultcode: found.faultcode,
    faultstring: typeof found.faultstring === 'object' ? found.faultstring.$value : found.faultstring,
    detail: typed || null,
    description: typed ? detail[typed].Description : null,
    source: typed ? detail[typed].Source : null,
  };
}

async function main() {
  const client = await soap.createClientAsync(wsdl);
  client.addSoapHeader(`<WebServicePassword xmlns="http://soap.severa.com/">${key}</WebServicePassword>`);
  const seen = { services: Object.keys(client.describe().API).length };

  // account round trip
  const [added] = await client.AddNewAccountAsync({
    accountInfo: { Name: 'Node Oy', Notes: 'node-soap' },
    addressInfo: { Addressline: 'Hämeenkatu 1', City: 'Tampere', PostalCode: '33100' },
  });
  const account = added.AddNewAccountResult;
  const [byGuid] = await client.GetAccountByGUIDAsync({ accountGuid: account.GUID });
  const found = byGuid.GetAccountByGUIDResult;
  seen.account = {
    guid: account.GUID, found_guid: found.GUID, name: found.Name, notes: found.Notes,
    number: found.Number, active: found.IsActive,
  };
  seen.request_headers = client.lastRequestHeaders || null;

  // NotFound, read from the fault's typed detail
  try {
    await client.GetAccountByGUIDAsync({ accountGuid: '00000000-0000-0000-0000-000000000000' });
    seen.not_found = null;
  } catch (error) {
    seen.not_found = fault(error);
  }

  // a lookup by name that finds nothing is a nil result, not a fault
  const [nil] = await client.GetAccountByNameAsync({ accountName: 'Ei ole olemassa Oy' });
  seen.nil_by_name = nil === null ? 'null-response' : nil.GetAccountByNameResult === undefined ? 'absent' : nil.GetAccountByNameResult;

  // hour entries: a case, a phase, two entries, read back by date and by case
  const [users] = await client.GetAllUsersAsync({ includeInactive: false });
  const user = users.GetAllUsersResult.User[0];
  const [workTypes] = await client.GetAllWorkTypesAsync({});
  const workType = workTypes.GetAllWorkTypesResult.WorkType[0];
  const [caseAnswer] = await client.AddNewCaseAsync({ caseInfo: { AccountGUID: account.GUID, Name: 'Node-projekti' } });
  const kase = caseAnswer.AddNewCaseResult;
  const [phaseAnswer] = await client.AddNewPhaseAsync({
    phaseInfo: { CaseGUID: kase.GUID, Name: 'Toteutus', PricePerHour: '100.00' },
    members: { string: [user.GUID] },
  });
  const phase = phaseAnswer.AddNewPhaseResult;
  for (const [day, hours] of [['2024-03-04T00:00:00', '7.5'], ['2024-03-05T00:00:00', '3.25']]) {
    await client.AddNewHourEntryAsync({
      hourEntryInfo: {
        Description: 'Koodausta', EventDate: day, PhaseGUID: phase.GUID, Quantity: hours,
        UserGUID: user.GUID, WorkTypeGUID: workType.GUID,
      },
    });
  }
  const [byDate] = await client.GetHourEntriesByDateAsync({ startdate: '2024-03-04T00:00:00', enddate: '2024-03-04T00:00:00' });
  const [byCase] = await client.GetHourEntriesByCaseGUIDAsync({ caseGuid: kase.GUID });
  seen.hours = {
    case_number: kase.CaseNumber,
    by_date: (byDate.GetHourEntriesByDateResult.HourEntry || []).map((e) => [e.Quantity, e.CaseGUID === kase.GUID]),
    by_case: (byCase.GetHourEntriesByCaseGUIDResult.HourEntry || []).map((e) => e.Quantity),
  };

  // an empty EventDate, as node-soap writes an empty string: WCF's deserialization fault
  try {
    await client.AddNewHourEntryAsync({
      hourEntryInfo: { EventDate: '', PhaseGUID: phase.GUID, Quantity: '1', UserGUID: user.GUID },
    });
    seen.empty_event_date = null;
  } catch (error) {
    seen.empty_event_date = fault(error);
  }

  // products: another stateful contract
  const [productAnswer] = await client.AddNewProductAsync({ productInfo: { Code: 'NODE-1', Name: 'Node-tuki', UnitPrice: '85.50' } });
  const product = productAnswer.AddNewProductResult;
  const [again] = await client.GetProductByGUIDAsync({ productGUID: product.GUID });
  const read = again.GetProductByGUIDResult;
  seen.product = { guid: product.GUID, found_guid: read.GUID, name: read.Name, code: read.Code, unit_price: read.UnitPrice };

  process.stdout.write(`${JSON.stringify(seen, null, 2)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
