using Dispatch.Domain.Incidents;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Roads;
using Dispatch.Domain.Units;
using Marten;
using NodaTime;

namespace Dispatch.Api.Incidents;

/// <summary>
/// The pending queue. When a unit becomes dispatchable, waiting incidents are dispatched in queue
/// order, priority first (1 is highest); among the highest waiting priority the incident the freed
/// unit reaches fastest goes first, then the oldest. It stops when no unit is left. Messages run one
/// at a time (a sequential local queue), so the order holds.
/// </summary>
public static class WaitingIncidentsHandler
{
    public static async Task Handle(UnitAvailable message, IDocumentStore store, ReferenceData reference, IClock clock,
        ILogger<UnitAvailable> logger, CancellationToken cancellation)
    {
        var skipped = new HashSet<Guid>();
        while (true)
        {
            await using var session = store.QuerySession();
            var waiting = (await session.Query<IncidentState>().Where(i => i.IsWaiting).ToListAsync(cancellation))
                .Where(i => !skipped.Contains(i.Id)).ToList();
            if (waiting.Count == 0) return;
            var units = await session.Query<UnitState>().ToListAsync(cancellation);
            var freed = units.FirstOrDefault(u => u.Id == message.UnitId && UnitState.IsDispatchable(u.Status));
            if (!units.Any(u => UnitState.IsDispatchable(u.Status))) return;

            var next = Next(waiting, freed, reference);
            var result = await Dispatcher.DispatchAsync(new DispatchIncident(next.Id, message.Actor, message.CorrelationId),
                store, reference, clock, logger, cancellation);
            logger.LogInformation("Queue: incident {IncidentId} (priority {Priority}) {Result} after unit {UnitId} became available",
                next.Id, next.Priority, result, message.UnitId);
            if (result == DispatchResult.NoUnitAvailable) skipped.Add(next.Id);
        }
    }

    public static IncidentState Next(IReadOnlyList<IncidentState> waiting, UnitState? freed, ReferenceData reference)
    {
        var top = waiting.Min(i => i.Priority);
        var head = waiting.Where(i => i.Priority == top).OrderBy(i => i.ReportedAt).ThenBy(i => i.Id).ToList();
        if (freed is null || head.Count == 1) return head[0];
        var eta = head.Select(i => (Incident: i, Eta: TravelTimeSearch.EtasTo(reference.Roads, i.Location,
                [(freed.Id, freed.Position)], reference.FreeFlow).GetValueOrDefault(freed.Id)?.Seconds ?? double.PositiveInfinity))
            .OrderBy(x => x.Eta).ThenBy(x => x.Incident.ReportedAt).ThenBy(x => x.Incident.Id);
        return eta.First().Incident;
    }
}
