using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Reference;
using Marten;
using NodaTime;

namespace Dispatch.Api.Patrol;

/// <summary>A unit's position fix lay on one or more must-patrol lines; sent with the fix through the outbox.</summary>
public sealed record RecordLinePasses(Guid UnitId, string CallSign, GeoPoint Position, Instant At, string Actor, string CorrelationId);

/// <summary>
/// Records a unit passing along a must-patrol line as a visit of that line, at most once per unit and interval (a car
/// driving the street sends many fixes). Kept apart from the fix itself, so a busy line stream never costs a GPS fix.
/// </summary>
public static class LinePassHandler
{
    public static async Task Handle(RecordLinePasses pass, IDocumentStore store, ReferenceData reference, IClock clock,
        CancellationToken cancellation)
    {
        foreach (var line in reference.MustPatrolLines.Where(l => l.IsPassedBy(pass.Position)))
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var session = store.LightweightSession();
                session.CorrelationId = pass.CorrelationId;
                var duty = await session.LoadAsync<CountyDutyState>(CountyDutyState.StreamId, cancellation);
                var interval = duty is null ? null : VisitSchedule.Containing(duty.Changes, reference.Duty, pass.At);
                var stream = await session.Events.FetchForWriting<PatrolPointState>(PatrolPointState.StreamIdFor(line.Id), cancellation);
                if (interval is not null && stream.Aggregate?.Visits.Any(v => v.UnitId == pass.UnitId && interval.Contains(v.DeviceTime)) == true)
                    break;
                var visit = new PatrolPointVisited(line.Id, pass.UnitId, pass.CallSign, $"gps/{pass.UnitId:N}/{pass.At.ToUnixTimeTicks()}",
                    pass.At, clock.GetCurrentInstant(), pass.Position, Math.Round(line.DistanceMetres(pass.Position), 1), pass.Actor);
                stream.AppendMany(PatrolDecider.CheckIn(stream.Aggregate, visit, interval, clock.GetCurrentInstant()).ToArray());
                try
                {
                    await session.SaveChangesAsync(cancellation);
                    break;
                }
                catch (Exception e) when (ProblemExceptionHandler.IsConcurrencyLoss(e) && attempt < 5)
                {
                    // The sweep or another pass wrote the line first: decide again on the fresh stream.
                }
            }
        }
    }
}
