using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Domain.Materials;
using Marten;
using NodaTime;

namespace Dispatch.Api.Materials;

/// <summary>
/// Dispatching, returning or releasing an allocation's lines: the allocation's event and each depot's stock event commit
/// together, the allocation's and the depots' versions checked, so the same reserved stock never leaves twice.
/// </summary>
public static class AllocationLineChanges
{
    public enum Change { Dispatch, Return, Release }

    public static async Task<IResult> ApplyAsync(Guid allocationId, Change change, IReadOnlyList<DepotLine>? lines, string? text,
        HttpContext http, IDocumentStore store, MaterialsCatalog catalog, IClock clock, CancellationToken cancellation)
    {
        if (allocationId == Guid.Empty) return Problems.NotFound($"Material allocation {allocationId}", http);
        var caller = http.Caller();
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.CorrelationId = caller.CorrelationId;
            var allocation = await session.Events.FetchForWriting<MaterialAllocationState>(allocationId, cancellation);
            if (allocation.Aggregate is null) return Problems.NotFound($"Material allocation {allocationId}", http);
            var now = clock.GetCurrentInstant();
            var decision = change switch
            {
                Change.Dispatch => AllocationDecider.Dispatch(allocation.Aggregate, lines, caller.Actor, now),
                Change.Return => AllocationDecider.Return(allocation.Aggregate, lines, text, caller.Actor, now),
                _ => AllocationDecider.Release(allocation.Aggregate, lines, text, caller.Actor, now),
            };
            if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
            var chosen = decision.Events.Single() switch
            {
                AllocationLinesDispatched e => e.Lines,
                AllocationLinesReturned e => e.Lines,
                AllocationLinesReleased e => e.Lines,
                var other => throw new InvalidOperationException($"unexpected {other.GetType().Name}"),
            };
            allocation.AppendMany(decision.Events.ToArray());

            foreach (var group in chosen.GroupBy(l => l.DepotId))
            {
                var depot = await session.Events.FetchForWriting<DepotState>(group.Key, cancellation);
                var depotLines = group.GroupBy(l => l.Item).Select(g => new MaterialLine(g.Key, g.Sum(l => l.Quantity))).ToList();
                var id = allocation.Aggregate.Id;
                var incident = allocation.Aggregate.IncidentId;
                var stockChange = change switch
                {
                    Change.Dispatch => DepotDecider.Dispatch(depot.Aggregate, id, incident, depotLines, caller.Actor, now),
                    Change.Return => DepotDecider.Return(depot.Aggregate, id, incident, depotLines, text, caller.Actor, now),
                    _ => DepotDecider.Release(depot.Aggregate, id, incident, depotLines, text, caller.Actor, now),
                };
                if (stockChange.Rejection is { } refused) return Problems.From(refused, http);
                depot.AppendMany(stockChange.Events.ToArray());
            }

            try
            {
                await session.SaveChangesAsync(cancellation);
            }
            catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e) && attempt < MaxAttempts)
            {
                continue;
            }
            var state = MaterialAllocationState.Evolve(allocation.Aggregate, decision.Events.Single())! with
            {
                Version = allocation.Aggregate.Version + 1,
            };
            return Results.Ok(MaterialAllocationView.From(state, catalog));
        }
    }

    private const int MaxAttempts = 20;
}
