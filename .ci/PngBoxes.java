import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Part of .ci/browser-check (run as a single-file program: java .ci/PngBoxes.java SHOT.png BOXES):
 * checks that every chart's box in a screenshot of a report shows something drawn. BOXES holds one
 * "id x y width height" per line (CSS pixels of the page, which headless chromium's screenshot
 * maps one to one). A box passes when it lies inside the image, is not empty, and holds at least
 * MIN_COLOURED pixels of colour (a curve, a heat-map cell, a marker): axes, grid lines and text are
 * grey or black, so a chart that drew only its frame fails. Exit 0 when every box passes, 1 if not.
 */
public class PngBoxes {
    static final int MIN_COLOURED = 20;

    public static void main(String[] args) throws Exception {
        BufferedImage img = ImageIO.read(new File(args[0]));
        List<String> boxes = Files.readAllLines(Path.of(args[1])).stream()
                .filter(l -> !l.isBlank())
                .toList();
        if (boxes.isEmpty()) {
            System.out.println("browser-check: the page has no chart");
            System.exit(1);
        }
        int failed = 0;
        for (String line : boxes) {
            String[] f = line.trim().split("\\s+");
            String id = f[0];
            int x = Integer.parseInt(f[1]);
            int y = Integer.parseInt(f[2]);
            int w = Integer.parseInt(f[3]);
            int h = Integer.parseInt(f[4]);
            String problem = null;
            if (w < 10 || h < 10) {
                problem = "is " + w + "x" + h + " pixels";
            } else if (x < 0 || y < 0 || x + w > img.getWidth() || y + h > img.getHeight()) {
                problem = "at " + x + "," + y + " (" + w + "x" + h + ") lies outside the "
                        + img.getWidth() + "x" + img.getHeight() + " screenshot";
            } else {
                int coloured = 0;
                for (int j = y; j < y + h; j++) {
                    for (int i = x; i < x + w; i++) {
                        int rgb = img.getRGB(i, j);
                        int r = (rgb >> 16) & 0xff;
                        int g = (rgb >> 8) & 0xff;
                        int b = rgb & 0xff;
                        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                            coloured++;
                        }
                    }
                }
                if (coloured < MIN_COLOURED) {
                    problem = "shows nothing drawn: " + coloured + " coloured pixels (at least " + MIN_COLOURED
                            + " expected)";
                } else {
                    System.out.println("browser-check: " + id + ": " + coloured + " coloured pixels");
                }
            }
            if (problem != null) {
                System.out.println("browser-check: chart " + id + " " + problem);
                failed++;
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
