/**
 * The run report: one self-contained {@code report.html} per run (inline SVG and CSS, nothing from
 * the network), written by every {@code train} run beside {@code metrics.jsonl} and by
 * {@code bin/sparknn report} for finished, running or killed runs, several overlaid.
 *
 * <p>In the order the data flows: {@link io.sparknn.trainer.report.RunFiles} reads a run directory
 * into a {@link io.sparknn.trainer.report.RunData} (the metrics lines parsed into
 * {@link io.sparknn.trainer.report.StepLine}s and {@link io.sparknn.trainer.report.ScoreLine}s by
 * {@link io.sparknn.trainer.report.MetricsLines}, the {@link io.sparknn.trainer.report.Evaluation},
 * the {@link io.sparknn.trainer.report.ModelSummary}); {@link io.sparknn.trainer.report.Charts}
 * chooses the curves, {@link io.sparknn.trainer.report.Downsampling} thins long ones for drawing,
 * {@link io.sparknn.trainer.report.SvgChart} and {@link io.sparknn.trainer.report.Heatmap} draw
 * them, and {@link io.sparknn.trainer.report.ReportWriter} writes the page (well-formed XHTML, so a
 * test can parse it with an XML parser).
 */
package io.sparknn.trainer.report;
