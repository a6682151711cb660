using System.Text.Json;
using Dispatch.Api.Access;
using Dispatch.Domain.Reference;
using Microsoft.AspNetCore.Authorization;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace Dispatch.Api.Reference;

/// <summary>
/// The patrol plan as an RFC 7946 FeatureCollection: per grid its staging point, must-patrol points and
/// must-patrol lines, plus the fixed posts and key places. Coordinates are WGS-84, longitude first.
/// </summary>
public static class GetGridsEndpoint
{
    private static readonly JsonSerializerOptions GeoJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new GeoJsonConverterFactory() },
    };

    private static readonly GeometryFactory Geometry = new(new PrecisionModel(), 4326);

    public static void Configure(HttpChain chain) => chain.Metadata.Finally(b => b.RemoveStatusCodeResponse(404));

    [Authorize(Policy = Policies.ReadAlsoAsUnit)]
    [WolverineGet("/reference/grids")]
    [ProducesResponseType(typeof(object), StatusCodes.Status200OK, "application/geo+json")]
    public static IResult Get(ReferenceData reference) =>
        Results.Json(Build(reference), GeoJson, contentType: "application/geo+json");

    public static FeatureCollection Build(ReferenceData reference)
    {
        var features = new FeatureCollection();
        foreach (var grid in reference.Grids)
        {
            var common = new Dictionary<string, object?>
            {
                ["grid"] = grid.Number,
                ["responsibleUnit"] = grid.ResponsibleUnit,
                ["responsibleUnitEn"] = grid.ResponsibleUnitEn,
            };
            var staging = reference.PlacesById[grid.StagingPointId];
            features.Add(PlaceFeature(staging, common, "staging-point", new()
            {
                ["stagingPointText"] = grid.StagingPointText,
                ["minimumCars"] = grid.MinimumCars,
                ["minimumOfficersPerPoint"] = grid.MinimumOfficersPerPoint,
            }));
            foreach (var pointId in grid.MustPatrolPointIds)
                features.Add(PlaceFeature(reference.PlacesById[pointId], common, "must-patrol-point", new()));
            foreach (var line in grid.MustPatrolLines)
            {
                var parts = reference.RoadLines
                    .Where(r => r.Attributes.Name == line.Street && (line.Section is null || r.Attributes.Section == line.Section))
                    .Select(r => Geometry.CreateLineString(r.Points.Select(p => new Coordinate(p.Lon, p.Lat)).ToArray()))
                    .ToArray();
                features.Add(new Feature(Geometry.CreateMultiLineString(parts), Attributes(common, new()
                {
                    ["kind"] = "must-patrol-line",
                    ["street"] = line.Street,
                    ["section"] = line.Section,
                    ["name"] = line.Text,
                    ["sourceText"] = line.SourceText,
                })));
            }
        }
        foreach (var place in reference.Places.Where(p => p.Kinds.Contains("fixed-post") || p.Kinds.Contains("key-place")))
            features.Add(PlaceFeature(place, new(), place.Kinds.Contains("fixed-post") ? "fixed-post" : "key-place", new()));
        return features;
    }

    private static Feature PlaceFeature(Place place, Dictionary<string, object?> common, string kind,
        Dictionary<string, object?> extra) =>
        new(Geometry.CreatePoint(new Coordinate(place.Location.Lon, place.Location.Lat)), Attributes(common, new(extra)
        {
            ["kind"] = kind,
            ["placeId"] = place.Id,
            ["name"] = place.Name,
            ["nameEn"] = place.NameEn,
            ["keyPoint"] = place.KeyPoint,
            ["datum"] = "WGS-84",
        }));

    private static AttributesTable Attributes(Dictionary<string, object?> common, Dictionary<string, object?> own)
    {
        var table = new AttributesTable();
        foreach (var (key, value) in common.Concat(own)) table.Add(key, value);
        return table;
    }
}
