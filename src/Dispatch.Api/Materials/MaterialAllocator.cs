using Dispatch.Api.Hosting;
using Dispatch.Domain;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Materials;
using Dispatch.Domain.Reference;
using Marten;
using NodaTime;

namespace Dispatch.Api.Materials;

/// <summary>
/// Allocates the required lines to an incident: ranks the depots by road time to it, takes each item from the fastest depot
/// that has it, splits over the next ones, records the shortfall, and reserves the stock. The decision
/// (<see cref="MaterialsAllocated"/>) and every depot's reservation commit in one transaction, each depot stream's version
/// checked; a concurrent allocation that changed a depot in between makes this one read the stock again and decide anew,
/// so two allocations together never reserve more than a depot holds.
/// </summary>
public static class MaterialAllocator
{
    public const int MaxAttempts = 20;

    /// <param name="requirementSource">Where the lines came from: <c>request</c> (the body), or the emergency plan once wired in.</param>
    public static async Task<IResult> AllocateAsync(Guid incidentId, Guid allocationId, IReadOnlyList<MaterialLine> requirements,
        string requirementSource, HttpContext http, IDocumentStore store, ReferenceData reference, MaterialsCatalog catalog, IClock clock,
        CancellationToken cancellation)
    {
        var caller = http.Caller();
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.CorrelationId = caller.CorrelationId;
            var incident = await session.LoadAsync<IncidentState>(incidentId, cancellation);
            if (incident is null) return Problems.NotFound($"Incident {incidentId}", http);
            if (incident.Status == IncidentStatus.Closed)
                return Problems.From(new Rejection(RejectionKind.RuleViolation, "incident-closed",
                    "The incident is closed; reopen it before allocating materials."), http);
            if (await session.Events.FetchStreamStateAsync(allocationId, cancellation) is not null)
                return Problems.From(new Rejection(RejectionKind.Conflict, "allocation-id-used",
                    $"The id {allocationId} is already used by another record."), http);

            var depotIds = await session.Query<DepotState>().Select(d => d.Id).ToListAsync(cancellation);
            var depots = new List<JasperFx.Events.IEventStream<DepotState>>();
            foreach (var id in depotIds.Order())
                if (await session.Events.FetchForWriting<DepotState>(id, cancellation) is { Aggregate: not null } stream) depots.Add(stream);

            var now = clock.GetCurrentInstant();
            var duty = await session.LoadAsync<CountyDutyState>(CountyDutyState.StreamId, cancellation);
            var peak = reference.PeakHours.IsPeak(now, duty?.Designated ?? []);
            var conditions = peak ? reference.Peak : reference.FreeFlow;
            var stock = depots.Select(d => new DepotStock(d.Id, d.Aggregate!.Name, d.Aggregate.Location,
                requirements.Select(r => new MaterialLine(r.Item, Math.Max(0, d.Aggregate.AvailableOf(r.Item)))).Where(l => l.Quantity > 0).ToList()))
                .ToList();
            var plan = AllocationPlanner.Plan(reference.Roads, incident.Location, stock, conditions, requirements);

            var allocated = new MaterialsAllocated(allocationId, incidentId, incident.Location, reference.Roads.Version, peak,
                conditions.SpeedFactor, conditions.ApproachSpeedKph, requirementSource, requirements, plan.Depots, plan.Taken, plan.Shortfall,
                caller.Actor, now);
            session.Events.StartStream<MaterialAllocationState>(allocationId, allocated);
            foreach (var group in plan.Taken.GroupBy(t => t.DepotId))
            {
                var depot = depots.First(d => d.Id == group.Key);
                var reserve = DepotDecider.Reserve(depot.Aggregate, allocationId, incidentId,
                    group.Select(t => new MaterialLine(t.Item, t.Quantity)).ToList(), caller.Actor, now);
                // Planned from this very state, so a refusal here is a bug, not a race.
                if (reserve.Rejection is { } rejection) throw new InvalidOperationException($"Allocation planned beyond stock: {rejection.Detail}");
                depot.AppendMany(reserve.Events.ToArray());
            }

            try
            {
                await session.SaveChangesAsync(cancellation);
            }
            catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e) && attempt < MaxAttempts)
            {
                continue;
            }
            var state = MaterialAllocationState.Evolve(null, allocated)! with { Version = 1 };
            return Results.Created($"/incidents/{incidentId}/material-allocations", MaterialAllocationView.From(state, catalog));
        }
    }
}
