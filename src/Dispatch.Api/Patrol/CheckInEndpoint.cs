using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Units;
using Marten;
using JasperFx;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Patrol;

public sealed record CheckInItem(string? ClientId, Guid? UnitId, string? PointId, string? DeviceTime, LocationInput? Position);

public sealed record CheckInBatch(IReadOnlyList<CheckInItem?>? Items);

public sealed record IntervalRef(Instant Start, Instant End, DutyLevel Level);

/// <param name="Outcome">stored, duplicate (stored before: nothing new) or rejected (with the reason).</param>
public sealed record CheckInResult(int Index, string? ClientId, string Outcome, string? Reason, string? Detail, string? PointId,
    IntervalRef? Interval, bool RetractedAlert);

public sealed record CheckInBatchResult(int Stored, int Duplicates, int Rejected, IReadOnlyList<CheckInResult> Items);

/// <summary>Remembers each (unit, client id) stored, so a re-sent item is recognised as a duplicate.</summary>
public sealed record CheckInReceipt(string Id, string PointId, Guid UnitId, Instant DeviceTime, Instant ReceivedAt);

/// <summary>
/// Check-ins at must-patrol points, one or a whole offline batch. Each item is judged and stored on its own,
/// so one bad item costs nothing to the others; only what was stored is reported as stored. A visit whose
/// device time falls in an interval with a standing missed-visit alert retracts that alert with it.
/// </summary>
public static class CheckInEndpoint
{
    public const string Stored = "stored";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";

    [WolverinePost("/check-ins")]
    [ProducesResponseType(typeof(CheckInBatchResult), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Post(CheckInBatch? request, HttpContext http, IDocumentStore store, ReferenceData reference,
        IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var limit = reference.Duty.CheckIn.MaxBatchItems;
        if (request.Items is null || request.Items.Count == 0 || request.Items.Count > limit)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["items"] = [$"must hold 1 to {limit} check-ins"] },
                instance: http.Request.Path);

        var caller = http.Caller();
        var results = new List<CheckInResult>();
        for (var index = 0; index < request.Items.Count; index++)
        {
            cancellation.ThrowIfCancellationRequested();
            results.Add(await StoreOneAsync(index, request.Items[index], store, reference, caller, clock.GetCurrentInstant(), cancellation));
        }
        return Results.Ok(new CheckInBatchResult(results.Count(r => r.Outcome == Stored), results.Count(r => r.Outcome == Duplicate),
            results.Count(r => r.Outcome == Rejected), results));
    }

    private static CheckInResult Reject(int index, CheckInItem? item, string reason, string detail) =>
        new(index, item?.ClientId, Rejected, reason, detail, item?.PointId, null, false);

    private static async Task<CheckInResult> StoreOneAsync(int index, CheckInItem? item, IDocumentStore store, ReferenceData reference,
        CallerContext caller, Instant receivedAt, CancellationToken cancellation)
    {
        if (item is null) return Reject(index, item, "empty", "The item is null.");
        if (string.IsNullOrWhiteSpace(item.ClientId) || item.ClientId.Length > 100 || item.ClientId.Any(char.IsControl))
            return Reject(index, item, "client-id-invalid", "clientId is required: 1 to 100 printable characters, unique per device.");
        if (item.UnitId is not { } unitId || unitId == Guid.Empty) return Reject(index, item, "unit-id-invalid", "unitId is required.");
        var point = item.PointId is null ? null : reference.MustPatrolPoints.FirstOrDefault(p => p.Id == item.PointId);
        var line = item.PointId is null ? null : reference.MustPatrolLines.FirstOrDefault(l => l.Id == item.PointId);
        if (point is null && line is null)
            return Reject(index, item, "unknown-point", $"'{item.PointId}' is not a must-patrol point or line of {reference.Manifest.County}.");
        var targetId = item.PointId!;
        var targetName = point?.Name ?? line!.Name;
        var timeErrors = new Dictionary<string, string[]>();
        if (RequestRules.RequiredInstant(item.DeviceTime, "deviceTime", timeErrors) is not { } deviceTime)
            return Reject(index, item, "device-time-invalid", timeErrors["deviceTime"][0]);
        var rules = reference.Duty.CheckIn;
        if (deviceTime > receivedAt + rules.MaxDeviceClockAhead)
            return Reject(index, item, "device-time-in-future", $"deviceTime {deviceTime} is ahead of the server's {receivedAt}; check the device clock.");
        if (deviceTime < receivedAt - rules.MaxAge)
            return Reject(index, item, "device-time-too-old", $"Check-ins older than {rules.MaxAge.TotalHours:F0} hours are not accepted; report it to the inspectors.");

        GeoPoint? position = null;
        double? distance = null;
        if (item.Position is not null)
        {
            var positionErrors = new Dictionary<string, string[]>();
            if (RequestRules.Location(item.Position, "position", positionErrors) is not { } located)
                return Reject(index, item, "position-invalid", string.Join("; ", positionErrors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}")));
            position = located.Wgs84;
            distance = Math.Round(point is not null ? LocalProjection.DistanceMetres(position, point.Location) : line!.DistanceMetres(position), 1);
            var limit = point is not null ? rules.MaxDistanceMetres : PatrolLineTarget.PassWithinMetres;
            if (distance > limit)
                return Reject(index, item, "too-far-from-point",
                    $"The device was {distance:F0} m from {targetName}; a check-in counts within {limit:F0} m.");
        }
        else if (line is not null)
            return Reject(index, item, "position-required", $"A check-in on a must-patrol line ({targetName}) needs the device's position.");

        var receiptId = $"{unitId:N}/{item.ClientId}";
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.CorrelationId = caller.CorrelationId;
            if (await session.LoadAsync<CheckInReceipt>(receiptId, cancellation) is { } earlier)
                return SameItem(earlier, targetId, deviceTime)
                    ? new CheckInResult(index, item.ClientId, Duplicate, null, $"Stored at {earlier.ReceivedAt}.", targetId, null, false)
                    : Reject(index, item, "client-id-reused", $"clientId '{item.ClientId}' was already used for another check-in of this unit.");
            if (await session.LoadAsync<UnitState>(unitId, cancellation) is not { } unit)
                return Reject(index, item, "unknown-unit", $"No unit {unitId}.");
            var duty = await session.LoadAsync<CountyDutyState>(CountyDutyState.StreamId, cancellation);
            var interval = duty is null ? null : VisitSchedule.Containing(duty.Changes, reference.Duty, deviceTime);

            var stream = await session.Events.FetchForWriting<PatrolPointState>(PatrolPointState.StreamIdFor(targetId), cancellation);
            var visit = new PatrolPointVisited(targetId, unit.Id, unit.CallSign, item.ClientId, deviceTime, receivedAt, position, distance, caller.Actor);
            var events = PatrolDecider.CheckIn(stream.Aggregate, visit, interval, receivedAt);
            stream.AppendMany(events.ToArray());
            session.Insert(new CheckInReceipt(receiptId, targetId, unit.Id, deviceTime, receivedAt));
            try
            {
                await session.SaveChangesAsync(cancellation);
            }
            catch (Exception e) when ((ProblemExceptionHandler.IsConcurrencyLoss(e) || e is DocumentAlreadyExistsException) && attempt < 5)
            {
                // Another check-in or the sweep wrote this point first, or the same item arrived twice at once: look again.
                continue;
            }
            return new CheckInResult(index, item.ClientId, Stored, null, null, targetId,
                interval is null ? null : new IntervalRef(interval.Start, interval.End, interval.Level), events.Count > 1);
        }
    }

    private static bool SameItem(CheckInReceipt earlier, string pointId, Instant deviceTime) =>
        earlier.PointId == pointId && earlier.DeviceTime == deviceTime;
}
