using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Domain.Materials;
using Marten;

namespace Dispatch.Api.Materials;

/// <summary>One stock change on one depot: decided on the stream as stored, appended with its version checked, decided again on a lost race.</summary>
public static class DepotWrites
{
    public const int MaxAttempts = 20;

    public static async Task<IResult> ChangeAsync(Guid depotId, Func<DepotState?, Decision> decide, HttpContext http, IDocumentStore store,
        MaterialsCatalog catalog, CancellationToken cancellation)
    {
        if (depotId == Guid.Empty) return Problems.NotFound($"Depot {depotId}", http);
        var caller = http.Caller();
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.CorrelationId = caller.CorrelationId;
            var depot = await session.Events.FetchForWriting<DepotState>(depotId, cancellation);
            if (depot.Aggregate is null) return Problems.NotFound($"Depot {depotId}", http);
            var decision = decide(depot.Aggregate);
            if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
            depot.AppendMany(decision.Events.ToArray());
            try
            {
                await session.SaveChangesAsync(cancellation);
            }
            catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e) && attempt < MaxAttempts)
            {
                continue;
            }
            var state = decision.Events.Aggregate(depot.Aggregate, (s, e) => DepotState.Evolve(s, e)!) with
            {
                Version = depot.Aggregate.Version + decision.Events.Count,
            };
            return Results.Ok(DepotView.From(state, catalog));
        }
    }
}
