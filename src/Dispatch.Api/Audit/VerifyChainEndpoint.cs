using Dispatch.Api.Access;
using Dispatch.Projections;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Audit;

/// <summary>Recomputes the hash chain from mt_events: intact through sequence N, or the first altered, missing or unchained event.</summary>
public static class VerifyChainEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/audit/verify")]
    [ProducesResponseType(typeof(ChainReport), StatusCodes.Status200OK)]
    public static async Task<ChainReport> Get(IDocumentStore store, CancellationToken cancellation) =>
        await ChainVerification.VerifyAsync(store, cancellation);
}

/// <summary><c>dotnet Dispatch.Api.dll verify-chain</c>: the same check from the command line; exit code 0 intact, 3 broken, 2 no event store.</summary>
public static class VerifyChainVerb
{
    public const string Verb = "verify-chain";

    public static async Task<int> RunAsync(WebApplication app, TextWriter output)
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        ChainReport report;
        try
        {
            report = await ChainVerification.VerifyAsync(store, CancellationToken.None);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
            await output.WriteLineAsync($"No event store in schema {store.Options.Events.DatabaseSchemaName}: {e.MessageText}");
            return 2;
        }
        await output.WriteLineAsync(report.Summary);
        if (report.FirstProblem is { } problem)
            await output.WriteLineAsync($"first problem: sequence {problem.Sequence}, kind {problem.Kind}, stream {problem.StreamId}, " +
                                        $"version {problem.Version}, type {problem.Type}: {string.Join("; ", problem.Differences)}");
        return report.Intact ? 0 : 3;
    }
}
