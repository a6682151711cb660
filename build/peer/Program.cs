using JasperFx;
using Marten;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

// A minimal incident service as the Wolverine and Marten samples would write it: an HTTP endpoint starts a stream,
// and a cascaded message is handled asynchronously from a durable local queue. build/bench.sh times it beside ours.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var connectionString = Environment.GetEnvironmentVariable("WUYANG_CONNECTION_STRING")
                       ?? throw new InvalidOperationException("WUYANG_CONNECTION_STRING is not set");

builder.Services.AddMarten(opts =>
    {
        opts.Connection(connectionString);
        opts.DatabaseSchemaName = "peer";
    })
    .UseLightweightSessions()
    .IntegrateWithWolverine(x => x.MessageStorageSchemaName = "peer")
    .ApplyAllDatabaseChangesOnStartup();

builder.Host.UseWolverine(opts =>
{
    opts.Policies.AutoApplyTransactions();
    opts.Policies.UseDurableLocalQueues();
});
builder.Services.AddWolverineHttp();

var app = builder.Build();
app.MapWolverineEndpoints();
return await app.RunJasperFxCommands(args);
