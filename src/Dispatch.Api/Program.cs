using Dispatch.Api.Hosting;
using Dispatch.Api.Access;
using Dispatch.Api.Audit;
using JasperFx;

// The local development issuer needs no database and no host.
if (args is [DevIssuer.Verb, ..]) return DevIssuer.Run(args[1..], Console.Out);

var app = DispatchApp.Build(args);
// Verifying the hash chain needs the store, not a running host.
if (args is [VerifyChainVerb.Verb, ..]) return await VerifyChainVerb.RunAsync(app, Console.Out);

// A verb (codegen, db-apply, describe ...) goes to the JasperFx command line. Serving goes straight
// to RunAsync, so a failed start (port taken, database unreachable) ends the process non-zero.
if (args.Length > 0 && !args[0].StartsWith('-'))
    return await app.RunJasperFxCommands(args);

try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e)
{
    app.Logger.LogCritical(e, "The API stopped: {Reason}", e.Message);
    return 1;
}
