package io.sparknn.trainer.report;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** A report page parsed as XML (it must be well-formed XHTML), with what the tests look up in it. */
final class Page {
    static final String XHTML = "http://www.w3.org/1999/xhtml";
    static final String SVG = "http://www.w3.org/2000/svg";
    private static final Pattern COMMAND = Pattern.compile("[ML]");

    final Document doc;

    Page(String html) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("the page is not well-formed XML: " + e.getMessage(), e);
        }
    }

    List<Element> all(String ns, String name) {
        List<Element> out = new ArrayList<>();
        NodeList l = doc.getElementsByTagNameNS(ns, name);
        for (int i = 0; i < l.getLength(); i++) {
            out.add((Element) l.item(i));
        }
        return out;
    }

    /** The {@code <figure>} of a chart, by its id without the {@code chart-} prefix. */
    Element chart(String id) {
        return all(XHTML, "figure").stream()
                .filter(e -> e.getAttribute("id").equals("chart-" + id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no chart " + id + "; charts: " + chartIds()));
    }

    List<String> chartIds() {
        return all(XHTML, "figure").stream().map(e -> e.getAttribute("id")).toList();
    }

    /** The curve of {@code series} in a chart. */
    static Element curve(Element chart, String series) {
        NodeList l = chart.getElementsByTagNameNS(SVG, "path");
        for (int i = 0; i < l.getLength(); i++) {
            Element p = (Element) l.item(i);
            if (p.getAttribute("data-series").equals(series)) {
                return p;
            }
        }
        throw new AssertionError("no curve '" + series + "'");
    }

    /** The number of points in each segment of a path (a segment starts at each M). */
    static List<Integer> segments(Element path) {
        List<Integer> out = new ArrayList<>();
        Matcher m = COMMAND.matcher(path.getAttribute("d"));
        while (m.find()) {
            if (m.group().equals("M")) {
                out.add(1);
            } else {
                out.set(out.size() - 1, out.get(out.size() - 1) + 1);
            }
        }
        return out;
    }

    /** Every element, in document order. */
    List<Element> elements() {
        List<Element> out = new ArrayList<>();
        collect(doc.getDocumentElement(), out);
        return out;
    }

    private static void collect(Node n, List<Element> out) {
        if (n instanceof Element e) {
            out.add(e);
        }
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            collect(c, out);
        }
    }
}
