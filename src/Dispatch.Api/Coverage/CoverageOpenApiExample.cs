using System.Text.Json;
using Dispatch.Domain.Coverage;
using Dispatch.Domain.Reference;
using Dispatch.Domain.Units;
using Dispatch.Projections;
using Microsoft.AspNetCore.OpenApi;
using NodaTime;

namespace Dispatch.Api.Coverage;

/// <summary>
/// The OpenAPI example of GET /coverage is a real answer: computed on the loaded reference data with every
/// roster unit at its staging point at free-flow speeds, and what dispatching the first of them would lose.
/// </summary>
public static class CoverageOpenApiExample
{
    public static void AddCoverageExample(this OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        if (context.Description.RelativePath != "coverage" || context.Description.HttpMethod != "GET") return Task.CompletedTask;
        var reference = context.ApplicationServices.GetRequiredService<ReferenceData>();
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content?.TryGetValue("application/json", out var media) == true)
            media.Example = JsonSerializer.SerializeToNode(Build(reference), DispatchJson.Options);
        return Task.CompletedTask;
    });

    public static CoverageView Build(ReferenceData reference)
    {
        var units = reference.Units.Select(u => new CoverageUnit(u.Id, u.CallSign, UnitStatus.AtStagingPoint,
            reference.PlacesById[u.HomePlaceId].Location)).ToList();
        var result = CoverageCalculator.Compute(reference, units, reference.FreeFlow);
        var first = units.OrderBy(u => u.CallSign, StringComparer.Ordinal).First();
        return new CoverageView(Instant.FromUtc(2026, 3, 2, 2, 0), false, reference.FreeFlow.SpeedFactor,
            new CoverageFreshness(1042, 1046, 1046, true),
            units.Select(u => new CoverageUnitRow(u.UnitId, u.CallSign, u.Status, true, null)).ToList(),
            result.County, result.Grids, result.Points.Take(4).ToList(),
            CoverageCalculator.Without(reference, units, reference.FreeFlow, first, result));
    }
}
