using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Elderly;

/// <summary>
/// The nearest open shelter with room by road travel time from a point, with every shelter considered and why the nearer
/// ones were skipped (closed, full, unreachable). Travel is timed on the dispatch road graph, slower at peak duty like dispatch.
/// </summary>
public static class GetNearestShelterEndpoint
{
    /// <param name="lat">latitude of the point</param>
    /// <param name="lon">longitude of the point</param>
    /// <param name="datum">WGS-84 (default), CGCS2000, GCJ-02 or BD-09</param>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/shelters/nearest")]
    [ProducesResponseType(typeof(ShelterChoice), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Get(double? lat, double? lon, string? datum, HttpContext http, IQuerySession session,
        ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        var location = RequestRules.Location(new LocationInput(lat, lon, datum ?? GeoPoint.Wgs84), "location", errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);
        if (RequestRules.OutsideServiceArea(location!.Value.Wgs84, reference, "location", http) is { } outside) return outside;
        var shelters = await session.Query<ShelterState>().ToListAsync(cancellation);
        return Results.Ok(await NearestAsync(session, reference, location.Value.Wgs84, shelters, clock.GetCurrentInstant(), null, cancellation));
    }

    /// <summary>The search as relocation records it: peak duty (the plan's windows and designated periods) slows the roads as in dispatch.</summary>
    public static async Task<ShelterChoice> NearestAsync(IQuerySession session, ReferenceData reference, GeoPoint origin,
        IReadOnlyList<ShelterState> shelters, Instant now, ISet<Guid>? exclude, CancellationToken cancellation)
    {
        var duty = await session.LoadAsync<CountyDutyState>(CountyDutyState.StreamId, cancellation);
        var peak = reference.PeakHours.IsPeak(now, duty?.Designated ?? []);
        return ShelterSearch.Nearest(reference.Roads, origin, shelters, peak ? reference.Peak : reference.FreeFlow, peak, now, exclude);
    }
}
