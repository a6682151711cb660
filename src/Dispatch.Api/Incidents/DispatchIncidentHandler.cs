using Dispatch.Api.Hosting;
using Dispatch.Domain.Dispatching;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Units;
using Marten;
using NodaTime;

namespace Dispatch.Api.Incidents;

/// <summary>Choose and assign a unit for a reported incident. Sent through the durable outbox with the report.</summary>
public sealed record DispatchIncident(Guid IncidentId, string Actor, string CorrelationId);

/// <summary>A unit became dispatchable (cleared, released, back on duty): the waiting incidents get their turn.</summary>
public sealed record UnitAvailable(Guid UnitId, string Actor, string CorrelationId);

public enum DispatchResult
{
    Assigned,
    NoUnitAvailable,
    NotNeeded,
    NotFound,
}

/// <summary>Every unit the board offered was taken by concurrent dispatches; Wolverine retries the message later.</summary>
public sealed class DispatchContentionException(Guid incidentId, int attempts)
    : Exception($"Dispatch of incident {incidentId} lost the race for a unit {attempts} times.");

/// <summary>
/// Chooses and assigns the unit. The incident's decision and the unit's assignment commit together,
/// with the unit stream's version checked, so a unit taken by a concurrent dispatch is never taken
/// twice: the loser re-reads the board and decides again without that unit. Every lost race is
/// another dispatch's win, so with one more attempt than there are units a dispatch settles, on a
/// unit or on "none available". Running twice for one incident is harmless: a dispatched incident is left alone.
/// An incident that asked for several units gets them one decision at a time, fastest first.
/// </summary>
public static class Dispatcher
{
    public static async Task<DispatchResult> DispatchAsync(DispatchIncident command, IDocumentStore store,
        ReferenceData reference, IClock clock, ILogger logger, CancellationToken cancellation)
    {
        var assigned = 0;
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.CorrelationId = command.CorrelationId;
            // One round trip for the three reads: on a busy machine each trip to the database costs more than the decision.
            var batch = session.CreateBatchQuery();
            var fetchIncident = batch.Events.FetchForWriting<IncidentState>(command.IncidentId);
            var fetchUnits = batch.Query<UnitState>().ToList();
            var fetchDuty = batch.Load<CountyDutyState>(CountyDutyState.StreamId);
            await batch.Execute(cancellation);
            var incident = await fetchIncident;
            if (incident.Aggregate is null)
            {
                logger.LogError("Dispatch of {IncidentId}: no such incident", command.IncidentId);
                return DispatchResult.NotFound;
            }
            if (incident.Aggregate.Status != IncidentStatus.AwaitingUnit)
                return assigned > 0 ? DispatchResult.Assigned : DispatchResult.NotNeeded;

            var units = await fetchUnits;
            var duty = await fetchDuty;
            var now = clock.GetCurrentInstant();
            var decision = Recommendation.Recommend(reference.Roads, Inputs(incident.Aggregate, units, reference, duty, now),
                Guid.CreateVersion7(now.ToDateTimeOffset()));
            incident.AppendMany(IncidentDecider.RecordDispatch(incident.Aggregate, decision, command.Actor, now).Events.ToArray());

            var lost = false;
            if (decision.ChosenUnitId is { } unitId)
            {
                var unit = await session.Events.FetchForWriting<UnitState>(unitId, cancellation);
                var assignment = UnitDecider.Assign(unit.Aggregate, command.IncidentId, decision.DecisionId,
                    incident.Aggregate.Location, decision.EtaSeconds!.Value, command.Actor, now);
                // The board said available, the stream says otherwise: someone was faster.
                if (assignment.IsRejected) lost = true;
                else unit.AppendMany(assignment.Events.ToArray());
            }

            if (!lost)
            {
                try
                {
                    await session.SaveChangesAsync(cancellation);
                }
                catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e))
                {
                    lost = true;
                }
            }

            if (lost)
            {
                logger.LogInformation("Dispatch of {IncidentId}: {UnitId} was taken meanwhile; deciding again (attempt {Attempt})",
                    command.IncidentId, decision.ChosenUnitId, attempt);
                if (attempt > units.Count + assigned) throw new DispatchContentionException(command.IncidentId, attempt);
                continue;
            }

            logger.LogInformation(
                "Dispatch of {IncidentId}: {Outcome} {UnitId} {CallSign} ETA {EtaSeconds:F0}s target {TargetSeconds}s",
                command.IncidentId, decision.ChosenUnitId is null ? "no unit" : "assigned", decision.ChosenUnitId,
                decision.ChosenCallSign, decision.EtaSeconds, decision.Inputs.Zone.TargetSeconds);
            if (decision.ChosenUnitId is null) return assigned > 0 ? DispatchResult.Assigned : DispatchResult.NoUnitAvailable;
            // An incident asking for several units goes round again until it has them or no unit is left.
            assigned++;
        }
    }

    public static DispatchInputs Inputs(IncidentState incident, IEnumerable<UnitState> units, ReferenceData reference,
        CountyDutyState? duty, Instant now)
    {
        // Peak duty includes the periods the command designated, so travel times slow with the traffic.
        var peak = reference.PeakHours.IsPeak(now, duty?.Designated ?? []);
        var conditions = peak ? reference.Peak : reference.FreeFlow;
        return new DispatchInputs(incident.Id, incident.Location, incident.Zone, reference.Roads.Version, peak,
            conditions.SpeedFactor, conditions.ApproachSpeedKph, now,
            units.OrderBy(u => u.CallSign, StringComparer.Ordinal)
                .Select(u => new UnitSnapshot(u.Id, u.CallSign, u.Status, u.CurrentIncidentId, u.Position, u.PositionAt))
                .ToList(),
            incident.WithdrawnUnits ?? [], incident.SentThisCycle ?? []);
    }
}

public static class DispatchIncidentHandler
{
    public static async Task Handle(DispatchIncident command, IDocumentStore store, ReferenceData reference, IClock clock,
        DispatchSignals signals, ILogger<DispatchIncident> logger, CancellationToken cancellation)
    {
        await Dispatcher.DispatchAsync(command, store, reference, clock, logger, cancellation);
        signals.Settled(command.IncidentId);
    }
}
