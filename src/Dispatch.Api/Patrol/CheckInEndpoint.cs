using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Units;
using Marten;
using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Authorization;
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
/// Check-ins at must-patrol points and lines, one or a whole offline batch. Each item is judged on its own and gets
/// its own result; the stored ones commit together, so only what was stored is ever reported as stored (a lost
/// race re-judges the whole batch on fresh state). A visit whose device time falls in an interval with a standing
/// missed-visit alert retracts that alert in the same commit.
/// </summary>
public static class CheckInEndpoint
{
    public const string Stored = "stored";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";

    private sealed record ValidItem(int Index, string ClientId, Guid UnitId, string TargetId, Instant DeviceTime, GeoPoint? Position,
        double? Distance)
    {
        public string ReceiptId => $"{UnitId:N}/{ClientId}";
    }

    [Authorize(Policy = Policies.UnitReport)]
    [WolverinePost("/check-ins")]
    [ProducesResponseType(typeof(CheckInBatchResult), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(CheckInBatch? request, HttpContext http, IDocumentStore store, ReferenceData reference,
        IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var limit = reference.Duty.CheckIn.MaxBatchItems;
        if (request.Items is null || request.Items.Count == 0 || request.Items.Count > limit)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["items"] = [$"must hold 1 to {limit} check-ins"] },
                instance: http.Request.Path);

        // A device checks in for its own unit only; one item for another unit refuses the whole batch, before anything is read.
        var own = UnitScope.OwnUnits(http.User);
        if (request.Items.Any(i => i?.UnitId is { } unit && unit != Guid.Empty && !own.Contains(unit))) return AccessProblems.Forbidden();

        var caller = http.Caller();
        var receivedAt = clock.GetCurrentInstant();
        var judged = request.Items.Select((item, index) => Validate(index, item, reference, receivedAt)).ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var results = await StoreAsync(judged, store, reference, caller, receivedAt, cancellation);
                return Results.Ok(new CheckInBatchResult(results.Count(r => r.Outcome == Stored), results.Count(r => r.Outcome == Duplicate),
                    results.Count(r => r.Outcome == Rejected), results));
            }
            catch (Exception e) when ((ProblemExceptionHandler.IsConcurrencyLoss(e) || e is DocumentAlreadyExistsException) && attempt < 5)
            {
                // Another upload, check-in or the sweep wrote one of these points first: judge the batch again on fresh state.
            }
        }
    }

    private static CheckInResult Reject(int index, CheckInItem? item, string reason, string detail) =>
        new(index, item?.ClientId, Rejected, reason, detail, item?.PointId, null, false);

    /// <summary>Everything that can be judged from the item alone; what needs the store is judged in <see cref="StoreAsync"/>.</summary>
    private static object Validate(int index, CheckInItem? item, ReferenceData reference, Instant receivedAt)
    {
        if (item is null) return Reject(index, item, "empty", "The item is null.");
        if (string.IsNullOrWhiteSpace(item.ClientId) || item.ClientId.Length > 100 || item.ClientId.Any(char.IsControl))
            return Reject(index, item, "client-id-invalid", "clientId is required: 1 to 100 printable characters, unique per device.");
        if (item.UnitId is not { } unitId || unitId == Guid.Empty) return Reject(index, item, "unit-id-invalid", "unitId is required.");
        var point = item.PointId is null ? null : reference.MustPatrolPoints.FirstOrDefault(p => p.Id == item.PointId);
        var line = item.PointId is null ? null : reference.MustPatrolLines.FirstOrDefault(l => l.Id == item.PointId);
        if (point is null && line is null)
            return Reject(index, item, "unknown-point", $"'{item.PointId}' is not a must-patrol point or line of {reference.Manifest.County}.");
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
        return new ValidItem(index, item.ClientId, unitId, item.PointId!, deviceTime, position, distance);
    }

    private static async Task<List<CheckInResult>> StoreAsync(IReadOnlyList<object> judged, IDocumentStore store, ReferenceData reference,
        CallerContext caller, Instant receivedAt, CancellationToken cancellation)
    {
        var valid = judged.OfType<ValidItem>().ToList();
        await using var session = store.LightweightSession();
        session.CorrelationId = caller.CorrelationId;
        var receipts = (await session.LoadManyAsync<CheckInReceipt>(cancellation, valid.Select(v => v.ReceiptId).Distinct().ToArray()))
            .ToDictionary(r => r.Id);
        var units = (await session.LoadManyAsync<UnitState>(cancellation, valid.Select(v => v.UnitId).Distinct().ToArray()))
            .ToDictionary(u => u.Id);
        var duty = await session.LoadAsync<CountyDutyState>(CountyDutyState.StreamId, cancellation);
        var streams = new Dictionary<string, IEventStream<PatrolPointState>>();
        var points = new Dictionary<string, PatrolPointState?>();

        var results = new List<CheckInResult>();
        foreach (var entry in judged)
        {
            if (entry is CheckInResult rejected) { results.Add(rejected); continue; }
            var item = (ValidItem)entry;
            if (receipts.TryGetValue(item.ReceiptId, out var earlier))
            {
                results.Add(earlier.PointId == item.TargetId && earlier.DeviceTime == item.DeviceTime
                    ? new CheckInResult(item.Index, item.ClientId, Duplicate, null, $"Stored at {earlier.ReceivedAt}.", item.TargetId, null, false)
                    : new CheckInResult(item.Index, item.ClientId, Rejected, "client-id-reused",
                        $"clientId '{item.ClientId}' was already used for another check-in of this unit.", item.TargetId, null, false));
                continue;
            }
            if (!units.TryGetValue(item.UnitId, out var unit))
            {
                results.Add(new CheckInResult(item.Index, item.ClientId, Rejected, "unknown-unit", $"No unit {item.UnitId}.", item.TargetId, null, false));
                continue;
            }
            if (!streams.TryGetValue(item.TargetId, out var stream))
            {
                stream = await session.Events.FetchForWriting<PatrolPointState>(PatrolPointState.StreamIdFor(item.TargetId), cancellation);
                streams[item.TargetId] = stream;
                points[item.TargetId] = stream.Aggregate;
            }
            var interval = duty is null ? null : VisitSchedule.Containing(duty.Changes, reference.Duty, item.DeviceTime);
            var visit = new PatrolPointVisited(item.TargetId, unit.Id, unit.CallSign, item.ClientId, item.DeviceTime, receivedAt, item.Position,
                item.Distance, caller.Actor);
            var events = PatrolDecider.CheckIn(points[item.TargetId], visit, interval, receivedAt);
            stream.AppendMany(events.ToArray());
            // Later items of the batch see this one: an alert is retracted once, a repeated client id is a duplicate.
            points[item.TargetId] = events.Aggregate(points[item.TargetId], PatrolPointState.Evolve);
            var receipt = new CheckInReceipt(item.ReceiptId, item.TargetId, unit.Id, item.DeviceTime, receivedAt);
            receipts[receipt.Id] = receipt;
            session.Insert(receipt);
            results.Add(new CheckInResult(item.Index, item.ClientId, Stored, null, null, item.TargetId,
                interval is null ? null : new IntervalRef(interval.Start, interval.End, interval.Level), events.Count > 1));
        }
        if (valid.Count > 0) await session.SaveChangesAsync(cancellation);
        return results;
    }
}
