using Dispatch.Api.Access;
using Dispatch.Api.Hosting;
using Dispatch.Domain.Elderly;
using Dispatch.Domain.Geo;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using Wolverine.Http;
using Wolverine.Runtime;

namespace Dispatch.Api.Elderly;

/// <summary>Where the alert applies: <c>polygon</c> (3 or more points) or <c>centre</c> with <c>radiusMetres</c>, never both.</summary>
public sealed record AlertAreaInput(IReadOnlyList<LocationInput?>? Polygon, LocationInput? Centre, double? RadiusMetres);

public sealed record IssueRiskAlertRequest(string? Hazard, string? Message, AlertAreaInput? Area);

/// <summary>
/// A risk alert (风险预警) for a hazard in an area: the event lists exactly the people registered (not deregistered) whose
/// registered location lies inside the area now, each with a pending delivery.
/// </summary>
public static class IssueRiskAlertEndpoint
{
    [Authorize(Policy = Policies.Dispatch)]
    [WolverinePost("/risk-alerts")]
    [ProducesResponseType(typeof(RiskAlertView), StatusCodes.Status201Created)]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Post(IssueRiskAlertRequest? request, HttpContext http, IDocumentStore store, IWolverineRuntime wolverine,
        IClock clock, CancellationToken cancellation)
    {
        if (request is null) return RequestRules.MissingBody(http);
        var errors = new Dictionary<string, string[]>();
        var hazard = RequestRules.Code(request.Hazard, "hazard", errors);
        var message = RequestRules.Required(request.Message, 1000, "message", errors);
        var area = Area(request.Area, errors);
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var now = clock.GetCurrentInstant();
        var id = Guid.CreateVersion7(now.ToDateTimeOffset());
        await using var write = WriteSession.Open(store, wolverine, http);
        var people = await write.Session.Query<VulnerablePersonState>().ToListAsync(cancellation);
        var issued = RiskAlertDecider.Issue(id, hazard!, message!, area!,
            [.. people.Select(p => (p.Id, p.Record.Location, p.Record.HouseholdCode, p.Registered))], write.Caller.Actor, now);
        write.Session.Events.StartStream<RiskAlertState>(id, issued);
        await write.Session.SaveChangesAsync(cancellation);
        var state = RiskAlertState.Evolve(null, issued)! with { Version = 1 };
        return Results.Created($"/risk-alerts/{id}", RiskAlertView.From(state, people.ToDictionary(p => p.Id), http.User));
    }

    private static AlertArea? Area(AlertAreaInput? input, Dictionary<string, string[]> errors)
    {
        if (input is null) { errors["area"] = ["is required: a polygon, or a centre with radiusMetres"]; return null; }
        if ((input.Polygon is null) == (input.Centre is null))
        {
            errors["area"] = ["give either polygon (3 or more points) or centre with radiusMetres"];
            return null;
        }
        if (input.Centre is not null)
        {
            var centre = RequestRules.Location(input.Centre, "area.centre", errors);
            if (input.RadiusMetres is not (> 0 and <= 50_000)) errors["area.radiusMetres"] = ["must be more than 0 and at most 50000"];
            return centre is null || errors.Count > 0 ? null : new AlertArea(null, centre.Value.Wgs84, input.RadiusMetres);
        }
        if (input.RadiusMetres is not null) errors["area.radiusMetres"] = ["only with a centre"];
        if (input.Polygon!.Count is < 3 or > 500) { errors["area.polygon"] = ["must have 3 to 500 points"]; return null; }
        var points = new List<GeoPoint>();
        for (var i = 0; i < input.Polygon.Count; i++)
            if (RequestRules.Location(input.Polygon[i], $"area.polygon[{i}]", errors) is { } p) points.Add(p.Wgs84);
        if (errors.Count > 0) return null;
        var ring = points[0] == points[^1] ? points[..^1] : points;
        if (ring.Distinct().Count() < 3) { errors["area.polygon"] = ["needs at least 3 distinct points"]; return null; }
        var area = new AlertArea(points, null, null);
        var shape = new NetTopologySuite.Geometries.GeometryFactory().CreatePolygon(
            [.. points.Append(points[0]).Select(p => new NetTopologySuite.Geometries.Coordinate(p.Lon, p.Lat))]);
        if (!shape.IsValid) { errors["area.polygon"] = ["must be a simple polygon (its edges must not cross)"]; return null; }
        return area;
    }
}
