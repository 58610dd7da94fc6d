<?php
// A Severa integration that keeps its real WSDL URL and only sets a proxy and a trusted CA:
// SoapClient's proxy_host/proxy_port and a stream context whose cafile is the mock's local CA.
// Prints one JSON object of what it saw. Usage: php soap_via_proxy.php <wsdl-url> <api-key> <proxy-host> <proxy-port> <cafile>

declare(strict_types=1);

[, $wsdl, $key, $proxyHost, $proxyPort, $cafile] = $argv;
$context = stream_context_create(['ssl' => ['cafile' => $cafile, 'verify_peer' => true, 'verify_peer_name' => true]]);
$client = new SoapClient($wsdl, [
    'soap_version' => SOAP_1_1,
    'cache_wsdl' => WSDL_CACHE_NONE,
    'exceptions' => true,
    'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
    'proxy_host' => $proxyHost,
    'proxy_port' => (int) $proxyPort,
    'stream_context' => $context,
    'trace' => true,
]);
$client->__setSoapHeaders([new SoapHeader('http://soap.severa.com/', 'WebServicePassword', $key)]);
$users = $client->GetAllUsers(['includeInactive' => false])->GetAllUsersResult->User;
echo json_encode([
    'users' => count($users),
    'first_user_guid' => $users[0]->GUID,
    'functions' => count($client->__getFunctions()),
]), "\n";
