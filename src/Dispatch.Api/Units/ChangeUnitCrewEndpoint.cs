using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Units;

public sealed record ChangeUnitCrewRequest(IReadOnlyList<string?>? Officers, string? Reason);

/// <summary>Serialises crew changes across units, so no officer is put on two crews by two concurrent requests.</summary>
public sealed class CrewChangeLock
{
    public const string CountyId = "county";
    public string Id { get; set; } = CountyId;
    public long Changes { get; set; }
}

/// <summary>
/// Sets the officers crewing a unit (badge numbers from the roster), e.g. HQ staff drawn in at a higher duty
/// level. An officer already on another unit's crew is a 409 naming that unit: take them off there first.
/// </summary>
public static class ChangeUnitCrewEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/units/{id}/crew")]
    [ProducesResponseType(typeof(UnitBoardRow), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid id, ChangeUnitCrewRequest? request, HttpContext http, IDocumentStore store,
        ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var reason = RequestRules.Text(request.Reason, 500, "reason", errors);
        var officers = request.Officers ?? [];
        if (request.Officers is null || officers.Count > 20 || officers.Any(string.IsNullOrWhiteSpace))
            errors["officers"] = ["must list 1 to 20 badge numbers"];
        else if (officers.Distinct(StringComparer.Ordinal).Count() != officers.Count) errors["officers"] = ["lists a badge twice"];
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        var badges = officers.Select(o => o!).ToList();
        var known = reference.Officers.Select(o => o.Badge).ToHashSet(StringComparer.Ordinal);
        if (badges.Where(b => !known.Contains(b)).ToList() is { Count: > 0 } unknown)
            return Problems.From(new Domain.Rejection(Domain.RejectionKind.RuleViolation, "unknown-officer",
                $"Not on the roster: {string.Join(", ", unknown)}."), http);
        if (id == Guid.Empty) return Problems.NotFound($"Unit {id}", http);

        var caller = http.Caller();
        await using var session = store.LightweightSession();
        session.CorrelationId = caller.CorrelationId;
        var crewLock = await session.LoadAsync<CrewChangeLock>(CrewChangeLock.CountyId, cancellation) ?? new CrewChangeLock();
        var stream = await session.Events.FetchForWriting<UnitState>(id, cancellation);
        if (stream.Aggregate is not { } unit) return Problems.NotFound($"Unit {id}", http);
        var current = Crews.Current(reference.Officers, await session.Query<UnitState>().ToListAsync(cancellation));
        if (current.Where(o => badges.Contains(o.Badge) && o.Unit is { } other && other != unit.CallSign).ToList() is { Count: > 0 } taken)
            return Problems.From(new Domain.Rejection(Domain.RejectionKind.Conflict, "officer-on-another-unit",
                string.Join("; ", taken.Select(o => $"{o.Badge} crews {o.Unit}")) + ". Take them off that crew first."), http);

        var decision = UnitDecider.ChangeCrew(unit, badges, [.. current.Where(o => o.Unit == unit.CallSign).Select(o => o.Badge)], reason,
            caller.Actor, clock.GetCurrentInstant());
        if (decision.Rejection is { } rejection) return Problems.From(rejection, http);
        if (decision.IsNoOp) return Results.Ok(UnitBoardRow.From(unit));
        stream.AppendMany(decision.Events.ToArray());
        crewLock.Changes++;
        session.Store(crewLock);
        // A concurrent crew change anywhere fails the lock's version check: 409, and nothing is written.
        await session.SaveChangesAsync(cancellation);
        return Results.Ok(UnitBoardRow.From(decision.Events.Aggregate(unit, (s, e) => UnitDecider.Evolve(s, e)!) with { Version = unit.Version + 1 }));
    }
}
