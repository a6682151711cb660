using System.Text.Json;
using System.Text.Json.Nodes;
using Dispatch.Api.Access;
using Dispatch.Domain.Coverage;
using Dispatch.Domain.Geo;
using Dispatch.Domain.Reference;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;
using NodaTime;
using Wolverine.Http;

namespace Dispatch.Api.Coverage;

/// <summary>
/// The road reachable within 1, 3 and 5 minutes (or the minutes asked) from every staging point and every
/// available unit's position, as an RFC 7946 FeatureCollection: one MultiLineString feature per source and
/// limit, pieces cut where the time runs out; with <c>area=true</c> also a polygon feature, those roads buffered.
/// </summary>
public static class GetIsochronesEndpoint
{
    public const double AreaBufferMetres = 25;

    private static readonly JsonSerializerOptions GeoJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new GeoJsonConverterFactory() },
    };

    public static void Configure(HttpChain chain) => chain.Metadata.Finally(b => b.RemoveStatusCodeResponse(404));

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/coverage/isochrones")]
    [EndpointDescription("Query: `sources` = `all` (default) | `staging-points` | `units` (available units at their current position); " +
                         "`minutes` = comma-separated whole minutes 1-15 (default `1,3,5`); `area` = `true` adds a polygon per band " +
                         "(the reached roads buffered by 25 m). Peak-hour speeds apply when peak duty is on now.")]
    [ProducesResponseType(typeof(object), StatusCodes.Status200OK, "application/geo+json")]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string? sources, string? minutes, string? area, HttpContext http, IQuerySession session,
        IDocumentStore store, ReferenceData reference, IClock clock, CancellationToken cancellation)
    {
        var errors = new Dictionary<string, string[]>();
        var kinds = (sources ?? "all") switch
        {
            "all" => (Staging: true, Units: true),
            "staging-points" => (Staging: true, Units: false),
            "units" => (Staging: false, Units: true),
            _ => default,
        };
        if (!kinds.Staging && !kinds.Units) errors["sources"] = ["must be all, staging-points or units"];
        var limits = ParseMinutes(minutes ?? "1,3,5");
        if (limits is null) errors["minutes"] = ["must be comma-separated whole minutes from 1 to 15, e.g. 1,3,5"];
        var withArea = area switch { null or "false" => false, "true" => true, _ => (bool?)null };
        if (withArea is null) errors["area"] = ["must be true or false"];
        if (errors.Count > 0) return Results.ValidationProblem(errors, instance: http.Request.Path);

        var now = await CoverageNow.LoadAsync(session, store, reference, clock, cancellation);
        var starts = new List<(GeoPoint At, Dictionary<string, object?> Properties)>();
        if (kinds.Staging)
            foreach (var grid in reference.Grids)
            {
                var place = reference.PlacesById[grid.StagingPointId];
                starts.Add((place.Location, new()
                {
                    ["sourceKind"] = "staging-point", ["sourceId"] = place.Id, ["name"] = place.Name, ["grid"] = grid.Number,
                    ["callSign"] = null,
                }));
            }
        if (kinds.Units)
            foreach (var unit in now.Board.Where(u => CoverageCalculator.IsAvailable(u.Status)))
                starts.Add((unit.Position, new()
                {
                    ["sourceKind"] = "unit", ["sourceId"] = unit.Id.ToString(), ["name"] = null, ["grid"] = unit.Grid,
                    ["callSign"] = unit.CallSign,
                }));

        var features = new FeatureCollection();
        foreach (var (at, properties) in starts)
            foreach (var band in Isochrones.From(reference.Roads, at, now.Conditions, limits!.Select(m => m * 60).ToList(),
                         withArea == true ? AreaBufferMetres : null))
            {
                AttributesTable Attributes(string kind)
                {
                    var table = new AttributesTable { { "kind", kind } };
                    foreach (var (key, value) in properties) table.Add(key, value);
                    table.Add("minutes", band.Seconds / 60);
                    table.Add("seconds", band.Seconds);
                    table.Add("peak", now.PeakHour);
                    table.Add("speedFactor", now.Conditions.SpeedFactor);
                    table.Add("roadMetres", band.RoadMetres);
                    table.Add("datum", GeoPoint.Wgs84);
                    return table;
                }
                features.Add(new Feature(band.Roads, Attributes("isochrone-roads")));
                if (band.Area is { } polygon)
                {
                    var table = Attributes("isochrone-area");
                    table.Add("bufferMetres", AreaBufferMetres);
                    features.Add(new Feature(polygon, table));
                }
            }

        // RFC 7946 allows foreign members: the moment, the peak factor and the board's freshness.
        var document = JsonSerializer.SerializeToNode(features, GeoJson)!.AsObject();
        document["at"] = now.At.ToString();
        document["peak"] = now.PeakHour;
        document["speedFactor"] = now.Conditions.SpeedFactor;
        document["asOfSequence"] = now.Freshness.AsOfSequence;
        document["upToDate"] = now.Freshness.UpToDate;
        return Results.Text(document.ToJsonString(), "application/geo+json");
    }

    private static IReadOnlyList<int>? ParseMinutes(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, null, out var value) || value is < 1 or > 15) return null;
            if (!values.Contains(value)) values.Add(value);
        }
        return values.Count is > 0 and <= 6 ? values.Order().ToList() : null;
    }
}
