using ChiroClick.Bench;

// Benchmarks for bench/run.sh; each prints one JSON object per measurement on stdout.
//   http    <baseUrl> <apiKey> <clients> <seconds>     lead stage changes per second over HTTP
//   seed    <connectionString> <events>               append lead events (realistic streams, 4 clinics)
//   rebuild <connectionString>                        rebuild every projection; raw sequential read for comparison
//   crashload <baseUrl> <apiKey> <seconds> <logFile>  write load that logs every acknowledged write (scripts/crash-test.sh)
//   capture <name> <url> <apiKey|-> <clients> <seconds>  lead captures (POST) per second (bench/write-path.sh)
//   inserts <connectionString> <clients> <seconds>    raw single-row INSERTs per second (Npgsql)
return args switch
{
    ["http", var url, var key, var clients, var seconds] => await HttpStageChanges.RunAsync(url, key, int.Parse(clients), int.Parse(seconds)),
    ["seed", var cs, var events] => await EventSeeder.RunAsync(cs, int.Parse(events)),
    ["rebuild", var cs] => await RebuildAll.RunAsync(cs),
    ["crashload", var url, var key, var seconds, var log] => await CrashLoad.RunAsync(url, key, int.Parse(seconds), log),
    ["capture", var name, var url, var key, var clients, var seconds] => await WritePath.CaptureAsync(name, url, key, int.Parse(clients), int.Parse(seconds)),
    ["inserts", var cs, var clients, var seconds] => await WritePath.InsertsAsync(cs, int.Parse(clients), int.Parse(seconds)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: http <baseUrl> <apiKey> <clients> <seconds> | seed <connectionString> <events> | rebuild <connectionString>");
    return 2;
}
