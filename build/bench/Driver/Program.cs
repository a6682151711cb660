using Bench;

// build/bench.sh runs each verb; see there for the order and the servers they are pointed at.
var options = new Options(args);
return args.FirstOrDefault() switch
{
    "create" => await CreateWorkload.RunAsync(options),
    "feed" => await FeedLatency.RunAsync(options),
    "startup" => await StartUp.RunAsync(options),
    "rows" => Table.Rows(options),
    "table" => Table.Print(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: bench-driver create|feed|startup|rows|table --name value ... (see build/bench.sh)");
    return 2;
}
