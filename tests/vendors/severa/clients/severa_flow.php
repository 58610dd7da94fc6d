<?php
// A Severa integration as PHP integrators write it: SoapClient on the served WSDL, the API key in a
// WebServicePassword SoapHeader. Prints one JSON object of what it saw; the pytest test asserts it.
// Usage: php severa_flow.php <wsdl-url> <api-key>

declare(strict_types=1);

[, $wsdl, $key] = $argv;
$client = new SoapClient($wsdl, [
    'soap_version' => SOAP_1_1,
    'cache_wsdl' => WSDL_CACHE_NONE,
    'exceptions' => true,
    'trace' => true,
    'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
]);
$client->__setSoapHeaders([new SoapHeader('http://soap.severa.com/', 'WebServicePassword', $key)]);
$seen = ['functions' => count($client->__getFunctions())];

// account round trip
$added = $client->AddNewAccount([
    'accountInfo' => ['Name' => 'PHP Oy', 'Notes' => 'SoapClient'],
    'addressInfo' => ['Addressline' => 'Aleksanterinkatu 1', 'PostalCode' => '00100', 'City' => 'Helsinki'],
])->AddNewAccountResult;
$found = $client->GetAccountByGUID(['accountGuid' => $added->GUID])->GetAccountByGUIDResult;
$seen['account'] = ['guid' => $added->GUID, 'found_guid' => $found->GUID, 'name' => $found->Name,
    'notes' => $found->Notes, 'number' => $found->Number, 'active' => $found->IsActive];
$seen['content_type'] = preg_match('/^Content-Type: (.*)$/mi', $client->__getLastRequestHeaders(), $m) ? trim($m[1]) : null;
$seen['soap_action'] = preg_match('/^SOAPAction: (.*)$/mi', $client->__getLastRequestHeaders(), $m) ? trim($m[1]) : null;

// NotFound, read as the typed fault the WSDL declares
try {
    $client->GetAccountByGUID(['accountGuid' => '00000000-0000-0000-0000-000000000000']);
    $seen['not_found'] = null;
} catch (SoapFault $fault) {
    $detail = $fault->detail ?? null;
    $seen['not_found'] = [
        'faultcode' => $fault->faultcode,
        'message' => $fault->getMessage(),
        'detail' => $detail === null ? null : array_keys(get_object_vars($detail)),
        'description' => $detail->NotFoundException->Description ?? null,
        'source' => $detail->NotFoundException->Source ?? null,
    ];
}

// a lookup by name that finds nothing is a nil result, not a fault
$nil = $client->GetAccountByName(['accountName' => 'Ei ole olemassa Oy']);
$seen['nil_by_name'] = property_exists($nil, 'GetAccountByNameResult') ? $nil->GetAccountByNameResult : 'absent';

// hour entries: a case, a phase, two entries, read back by date and by case
$user = $client->GetAllUsers(['includeInactive' => false])->GetAllUsersResult->User[0];
$workType = $client->GetAllWorkTypes()->GetAllWorkTypesResult->WorkType[0];
$case = $client->AddNewCase(['caseInfo' => ['Name' => 'PHP-projekti', 'AccountGUID' => $added->GUID]])->AddNewCaseResult;
$phase = $client->AddNewPhase([
    'phaseInfo' => ['Name' => 'Toteutus', 'CaseGUID' => $case->GUID, 'PricePerHour' => '100.00'],
    'members' => ['string' => [$user->GUID]],
])->AddNewPhaseResult;
foreach ([['2024-03-04T00:00:00', '7.5'], ['2024-03-05T00:00:00', '3.25']] as [$day, $hours]) {
    $client->AddNewHourEntry(['hourEntryInfo' => [
        'EventDate' => $day, 'PhaseGUID' => $phase->GUID, 'Quantity' => $hours,
        'UserGUID' => $user->GUID, 'WorkTypeGUID' => $workType->GUID, 'Description' => 'Koodausta',
    ]]);
}
$byDate = $client->GetHourEntriesByDate(['startdate' => '2024-03-04T00:00:00', 'enddate' => '2024-03-04T00:00:00'])
    ->GetHourEntriesByDateResult->HourEntry ?? [];
$byCase = $client->GetHourEntriesByCaseGUID(['caseGuid' => $case->GUID])->GetHourEntriesByCaseGUIDResult->HourEntry ?? [];
$seen['hours'] = [
    'case_number' => $case->CaseNumber,
    'by_date' => array_map(fn ($e) => [$e->Quantity, $e->CaseGUID === $case->GUID], $byDate),
    'by_case' => array_map(fn ($e) => $e->Quantity, $byCase),
];

// products: another stateful contract
$product = $client->AddNewProduct(['productInfo' => ['Name' => 'PHP-tuki', 'Code' => 'PHP-1', 'UnitPrice' => '85.50']])
    ->AddNewProductResult;
$again = $client->GetProductByGUID(['productGUID' => $product->GUID])->GetProductByGUIDResult;
$seen['product'] = ['guid' => $product->GUID, 'found_guid' => $again->GUID, 'name' => $again->Name,
    'code' => $again->Code, 'unit_price' => $again->UnitPrice];

echo json_encode($seen, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
